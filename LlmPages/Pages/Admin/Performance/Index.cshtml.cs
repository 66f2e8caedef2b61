using LlmPages.Usage;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Admin.Performance;

/// <summary>
/// Each model's performance per day over a range of days (<see cref="UsageRange"/>): time to the first token (median and
/// 95th percentile), tokens per second and error rate, as the rollup job computed them from the raw usage rows.
/// </summary>
public sealed class IndexModel(UsageReports reports, UsageDays days) : PageModel
{
    public UsageRange Range { get; private set; } = null!;
    public IReadOnlyList<UsageReports.PerformanceRow> Rows { get; private set; } = [];
    public string TimeZone => days.TimeZone;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Range = UsageRange.Parse(Request.Query, days.Today);
        foreach (var (name, message) in Range.Errors)
        {
            ModelState.AddModelError("usage-" + name, message);
        }
        Rows = await reports.PerformanceAsync(Range.From, Range.To, cancellationToken);
    }
}

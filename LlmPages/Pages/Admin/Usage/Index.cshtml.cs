using LlmPages.Usage;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Admin.Usage;

/// <summary>
/// Requests, tokens and estimated cost per day, per model and per person over a range of days (<c>?from=&amp;to=</c>,
/// <see cref="UsageRange"/>), as charts and tables; each table downloads as CSV (<c>?handler=csv&amp;table=</c>) with the
/// same cells. People are listed <see cref="PeoplePerPage"/> to a page (<c>?page=N</c>); their CSV has them all.
/// </summary>
public sealed class IndexModel(UsageReports reports, UsageDays days) : PageModel
{
    public const int PeoplePerPage = 50;

    public UsageRange Range { get; private set; } = null!;
    public UsageReports.Report Report { get; private set; } = null!;
    public Paging PeoplePaging { get; private set; } = Paging.For(1, 0);
    public string TimeZone => days.TimeZone;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        PeoplePaging = Paging.For(Paging.RequestedPage(Request), Report.People.Count, PeoplePerPage);
    }

    /// <summary>One of the tables as CSV; a range in error gives the page with its errors instead.</summary>
    public async Task<IActionResult> OnGetCsvAsync(string? table, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var chosen = table switch
        {
            UsageTables.Days => UsageTables.ForDays(Report),
            UsageTables.Models => UsageTables.ForModels(Report),
            UsageTables.People => UsageTables.ForPeople(Report.People),
            _ => null,
        };
        if (chosen is null || Range.Errors.Count > 0)
        {
            PeoplePaging = Paging.For(1, Report.People.Count, PeoplePerPage);
            return chosen is null ? NotFound() : Page();
        }
        var name = $"usage-{chosen.Id}-{UsageRange.Text(Range.From)}-to-{UsageRange.Text(Range.To)}.csv";
        return File(System.Text.Encoding.UTF8.GetBytes(chosen.ToCsv()), "text/csv; charset=utf-8", name);
    }

    public string CsvUrl(string table) => $"/admin/usage?handler=csv&table={table}&{Range.Query}";

    public string PageUrl(int page) => $"/admin/usage?{Range.Query}&page={page}";

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Range = UsageRange.Parse(Request.Query, days.Today);
        foreach (var (name, message) in Range.Errors)
        {
            ModelState.AddModelError("usage-" + name, message);
        }
        Report = await reports.UsageAsync(Range.From, Range.To, withPeople: true, cancellationToken);
    }
}

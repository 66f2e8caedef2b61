using LlmPages.Admin;
using LlmPages.Monitoring;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Admin.Monitoring;

/// <summary>
/// Application warnings and errors and provider failures, newest first, filtered from the query string
/// (<see cref="MonitoringReader"/>). Every text is shown inert: encoded, long text folded with the whole of it one click away.
/// </summary>
public sealed class IndexModel(MonitoringReader reader, MonitoringQueue queue, AppTimeZone zone) : PageModel
{
    public const string Path = "/admin/monitoring";

    public LogFilter Filter { get; private set; } = null!;

    public IReadOnlyList<MonitoringReader.Row> Rows { get; private set; } = [];

    public Paging Paging { get; private set; } = Paging.For(1, 0);

    public AppTimeZone Zone => zone;

    /// <summary>Entries lost since the app started (queue full, or the database refused them).</summary>
    public long Dropped => queue.Dropped;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Filter = LogFilter.Parse(Request.Query, zone, MonitoringReader.FieldNames, MonitoringReader.Choices);
        foreach (var (field, message) in Filter.Errors)
        {
            ModelState.AddModelError(History.IndexModel.FieldId(field), message);
        }
        if (Filter.Errors.Count == 0)
        {
            (Rows, Paging) = await reader.ReadAsync(Filter, Paging.RequestedPage(Request), cancellationToken);
        }
    }
}

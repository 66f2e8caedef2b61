using LlmPages.Admin;
using LlmPages.Admin.Audit;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Admin.Audit;

/// <summary>Who did what to which thing, and every sign-in: newest first, filtered from the query string (<see cref="AuditReader"/>).</summary>
public sealed class IndexModel(AuditReader reader, AppTimeZone zone) : PageModel
{
    public const string Path = "/admin/audit";

    public LogFilter Filter { get; private set; } = null!;

    public IReadOnlyList<AuditReader.Row> Rows { get; private set; } = [];

    public Paging Paging { get; private set; } = Paging.For(1, 0);

    public AppTimeZone Zone => zone;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Filter = LogFilter.Parse(Request.Query, zone, AuditReader.FieldNames);
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

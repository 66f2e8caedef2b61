using LlmPages.Admin;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Pages.Admin.Providers;

/// <summary>The providers, 25 to a page (<c>?page=N</c>).</summary>
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public sealed record Row(
        int Id, string Name, ProviderKind Kind, string BaseUrl, string TypeName, bool IsActive,
        bool HasKey, string? KeyHint, HealthView Health, int ModelCount);

    public IReadOnlyList<Row> Providers { get; private set; } = [];

    public Paging Paging { get; private set; } = Paging.For(1, 0);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Paging = Paging.For(Paging.RequestedPage(Request), await db.AiProviders.CountAsync(cancellationToken));
        Providers = await db.AiProviders.AsNoTracking()
            .OrderBy(p => p.NameKey).ThenBy(p => p.Id)
            .Skip(Paging.Skip)
            .Take(Paging.PageSize)
            .Select(p => new Row(
                p.Id, p.Name, p.Kind, p.BaseUrl, p.AiType.Name, p.IsActive,
                p.ProtectedApiKey != null, p.ApiKeyHint,
                new HealthView(p.LastHealthStatus, p.LastHealthCheckedAt, p.LastHealthLatencyMs, p.LastHealthError),
                p.Models.Count))
            .ToListAsync(cancellationToken);
    }
}

using LlmPages.Admin;
using LlmPages.Data;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Pages.Admin.Models;

/// <summary>The models, optionally of one provider (<c>?provider=ID</c>), 25 to a page (<c>?page=N</c>).</summary>
public sealed class IndexModel(AppDbContext db, ModelAdmin models) : PageModel
{
    public sealed record Row(
        int Id, string DisplayName, string WireModelId, int ProviderId, string ProviderName, int ContextWindow, int MaxOutputTokens,
        decimal? InputPrice, decimal? OutputPrice, bool IsActive, bool IsDefault);

    [BindProperty(SupportsGet = true, Name = "provider")]
    public int? ProviderId { get; set; }

    public IReadOnlyList<Row> Models { get; private set; } = [];

    public IReadOnlyList<SelectListItem> ProviderOptions { get; private set; } = [];

    /// <summary>The chosen provider's name, when the filter names one that exists.</summary>
    public string? ProviderName { get; private set; }

    public Paging Paging { get; private set; } = Paging.For(1, 0);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        ProviderOptions = await models.ProviderOptionsAsync(cancellationToken);
        ProviderName = ProviderOptions.FirstOrDefault(o => o.Value == ProviderId?.ToString(System.Globalization.CultureInfo.InvariantCulture))?.Text;

        var query = db.AiModels.AsNoTracking();
        if (ProviderId is { } providerId)
        {
            query = query.Where(m => m.ProviderId == providerId);
        }
        Paging = Paging.For(Paging.RequestedPage(Request), await query.CountAsync(cancellationToken));
        Models = await query
            .OrderBy(m => m.Provider.NameKey).ThenBy(m => m.DisplayNameKey).ThenBy(m => m.Id)
            .Skip(Paging.Skip)
            .Take(Paging.PageSize)
            .Select(m => new Row(
                m.Id, m.DisplayName, m.WireModelId, m.ProviderId, m.Provider.Name, m.ContextWindow, m.MaxOutputTokens,
                m.InputPricePerMillion, m.OutputPricePerMillion, m.IsActive, m.IsDefault))
            .ToListAsync(cancellationToken);
    }

    public string PageUrl(int page) => ProviderId is { } id ? $"/admin/models?provider={id}&page={page}" : $"/admin/models?page={page}";
}

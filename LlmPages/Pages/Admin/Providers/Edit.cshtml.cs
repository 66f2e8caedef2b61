using LlmPages.Admin;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Pages.Admin.Providers;

/// <summary>A provider's page: its connection, its models, and its settings form.</summary>
public sealed class EditModel(AppDbContext db, ProviderAdmin providers, AdminCrud<AiProvider, int> crud) : PageModel, IProviderForm
{
    [BindProperty]
    public ProviderInput Input { get; set; } = new();

    public AiProvider Provider => crud.Record;

    public IReadOnlyList<AiModel> Models { get; private set; } = [];

    public IReadOnlyList<SelectListItem> TypeOptions { get; private set; } = [];

    public bool HasStoredKey => Provider.ProtectedApiKey is not null;

    public string? StoredKeyHint => Provider.ApiKeyHint;

    public HealthView Health => new(Provider.LastHealthStatus, Provider.LastHealthCheckedAt, Provider.LastHealthLatencyMs, Provider.LastHealthError);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        Input = new ProviderInput
        {
            Name = Provider.Name,
            Kind = Provider.Kind,
            BaseUrl = Provider.BaseUrl,
            AiTypeId = Provider.AiTypeId,
            IsActive = Provider.IsActive,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        if (!await providers.ValidateAsync(Input, Provider, ModelState, cancellationToken))
        {
            return this.PageWithErrors();
        }
        return await crud.SaveAsync(this, ct => providers.UpdateAsync(Provider, Input, ct), cancellationToken);
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        if (!await crud.LoadAsync(id, cancellationToken))
        {
            return false;
        }
        Models = await db.AiModels.AsNoTracking().Where(m => m.ProviderId == id).OrderBy(m => m.DisplayNameKey).ThenBy(m => m.Id).ToListAsync(cancellationToken);
        TypeOptions = await providers.TypeOptionsAsync(Provider.AiTypeId, cancellationToken);
        return true;
    }
}

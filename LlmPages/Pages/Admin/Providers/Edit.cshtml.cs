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
public sealed class EditModel(AppDbContext db, ProviderAdmin providers) : PageModel, IProviderForm
{
    [BindProperty]
    public ProviderInput Input { get; set; } = new();

    public AiProvider Provider { get; private set; } = null!;

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
            return Page();
        }
        await providers.UpdateAsync(Provider, Input, cancellationToken);
        TempData.Flash($"Saved the provider {Wording.Quote(Provider.Name)}.");
        return Redirect($"/admin/providers/{id}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        Provider = (await db.AiProviders.Include(p => p.AiType).SingleOrDefaultAsync(p => p.Id == id, cancellationToken))!;
        if (Provider is null)
        {
            return false;
        }
        Models = await db.AiModels.AsNoTracking().Where(m => m.ProviderId == id).OrderBy(m => m.DisplayName).ToListAsync(cancellationToken);
        TypeOptions = await providers.TypeOptionsAsync(Provider.AiTypeId, cancellationToken);
        return true;
    }
}

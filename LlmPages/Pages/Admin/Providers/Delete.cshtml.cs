using LlmPages.Admin;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Pages.Admin.Providers;

/// <summary>Confirms a delete without JavaScript; refuses while the provider has models, offering to deactivate it.</summary>
public sealed class DeleteModel(AppDbContext db, ProviderAdmin providers) : PageModel
{
    public AiProvider Provider { get; private set; } = null!;

    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        if (Refusal is not null)
        {
            return Page();
        }
        db.AiProviders.Remove(Provider);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A model was added since the check.
            db.ChangeTracker.Clear();
            await LoadAsync(id, cancellationToken);
            return Page();
        }
        TempData.Flash($"Deleted the provider {Wording.Quote(Provider.Name)}.");
        return Redirect("/admin/providers");
    }

    public async Task<IActionResult> OnPostDeactivateAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        await providers.SetActiveAsync(Provider, false, cancellationToken);
        TempData.Flash($"Deactivated the provider {Wording.Quote(Provider.Name)}: its models are no longer offered.");
        return Redirect($"/admin/providers/{id}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        Provider = (await db.AiProviders.FindAsync([id], cancellationToken))!;
        if (Provider is null)
        {
            return false;
        }
        Refusal = await providers.WhyNotDeleteAsync(Provider, cancellationToken);
        return true;
    }
}

using LlmPages.Admin;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Pages.Admin.Models;

/// <summary>Confirms a delete without JavaScript; refuses while conversations use the model, offering to deactivate it.</summary>
public sealed class DeleteModel(AppDbContext db, ModelAdmin models) : PageModel
{
    public AiModel Entity { get; private set; } = null!;

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
        db.AiModels.Remove(Entity);
        await db.SaveChangesAsync(cancellationToken);
        TempData.Flash($"Deleted the model {Wording.Quote(Entity.DisplayName)}.");
        return Redirect($"/admin/models?provider={Entity.ProviderId}");
    }

    public async Task<IActionResult> OnPostDeactivateAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        await models.SetActiveAsync(Entity, false, cancellationToken);
        TempData.Flash($"Deactivated the model {Wording.Quote(Entity.DisplayName)}: it can no longer be chosen for new messages.");
        return Redirect($"/admin/models?provider={Entity.ProviderId}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        Entity = (await db.AiModels.FindAsync([id], cancellationToken))!;
        if (Entity is null)
        {
            return false;
        }
        Refusal = await models.WhyNotDeleteAsync(Entity, cancellationToken);
        return true;
    }
}

using LlmPages.Admin;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Pages.Admin.AiTypes;

/// <summary>Confirms a delete without JavaScript; refuses while providers use the type.</summary>
public sealed class DeleteModel(AppDbContext db, AiTypeAdmin types) : PageModel
{
    public AiType Type { get; private set; } = null!;

    /// <summary>Why the type cannot be deleted, or null.</summary>
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
        db.AiTypes.Remove(Type);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A provider was added to it since the check.
            db.ChangeTracker.Clear();
            await LoadAsync(id, cancellationToken);
            return Page();
        }
        TempData.Flash($"Deleted the AI type {Wording.Quote(Type.Name)}.");
        return Redirect("/admin/ai-types");
    }

    public async Task<IActionResult> OnPostDeactivateAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        Type.IsActive = false;
        await db.SaveChangesAsync(cancellationToken);
        TempData.Flash($"{Wording.Quote(Type.Name)} is deactivated: it is no longer offered for new providers.");
        return Redirect("/admin/ai-types");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        Type = (await db.AiTypes.FindAsync([id], cancellationToken))!;
        if (Type is null)
        {
            return false;
        }
        Refusal = await types.WhyNotDeleteAsync(Type, cancellationToken);
        return true;
    }
}

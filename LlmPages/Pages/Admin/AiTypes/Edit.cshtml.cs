using LlmPages.Admin;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Pages.Admin.AiTypes;

public sealed class EditModel(AppDbContext db, AiTypeAdmin types) : PageModel, IAiTypeForm
{
    [BindProperty]
    public AiTypeInput Input { get; set; } = new();

    public AiType Type { get; private set; } = null!;

    public int ProviderCount { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        Input = new AiTypeInput { Name = Type.Name, Description = Type.Description, IsActive = Type.IsActive };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        if (!await types.ValidateAsync(Input, id, ModelState, cancellationToken))
        {
            return Page();
        }
        await types.UpdateAsync(Type, Input, cancellationToken);
        TempData.Flash($"Saved the AI type {Wording.Quote(Type.Name)}.");
        return Redirect("/admin/ai-types");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        Type = (await db.AiTypes.FindAsync([id], cancellationToken))!;
        if (Type is null)
        {
            return false;
        }
        ProviderCount = await db.AiProviders.CountAsync(p => p.AiTypeId == id, cancellationToken);
        return true;
    }
}

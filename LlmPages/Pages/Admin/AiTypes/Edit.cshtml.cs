using LlmPages.Admin;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Pages.Admin.AiTypes;

public sealed class EditModel(AppDbContext db, AiTypeAdmin types, AdminCrud<AiType, int> crud) : PageModel, IAiTypeForm
{
    [BindProperty]
    public AiTypeInput Input { get; set; } = new();

    public AiType Type => crud.Record;

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
            return this.PageWithErrors();
        }
        return await crud.SaveAsync(this, ct => types.UpdateAsync(Type, Input, ct), cancellationToken);
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        if (!await crud.LoadAsync(id, cancellationToken))
        {
            return false;
        }
        ProviderCount = await db.AiProviders.CountAsync(p => p.AiTypeId == id, cancellationToken);
        return true;
    }
}

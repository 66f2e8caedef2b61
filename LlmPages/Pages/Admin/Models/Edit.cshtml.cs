using LlmPages.Admin;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Pages.Admin.Models;

public sealed class EditModel(AppDbContext db, ModelAdmin models) : PageModel, IModelForm
{
    [BindProperty]
    public ModelInput Input { get; set; } = new();

    public AiModel Entity { get; private set; } = null!;

    public IReadOnlyList<SelectListItem> ProviderOptions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        Input = new ModelInput
        {
            ProviderId = Entity.ProviderId,
            WireModelId = Entity.WireModelId,
            DisplayName = Entity.DisplayName,
            ContextWindow = Entity.ContextWindow,
            MaxOutputTokens = Entity.MaxOutputTokens,
            IsActive = Entity.IsActive,
            IsDefault = Entity.IsDefault,
            InputPricePerMillion = Entity.InputPricePerMillion,
            OutputPricePerMillion = Entity.OutputPricePerMillion,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        if (!await models.ValidateAsync(Input, Entity, ModelState, cancellationToken))
        {
            return Page();
        }
        await models.UpdateAsync(Entity, Input, cancellationToken);
        TempData.Flash(Entity.IsDefault
            ? $"Saved the model {Wording.Quote(Entity.DisplayName)}. It is the default model."
            : $"Saved the model {Wording.Quote(Entity.DisplayName)}.");
        return Redirect($"/admin/models?provider={Entity.ProviderId}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        Entity = (await db.AiModels.Include(m => m.Provider).SingleOrDefaultAsync(m => m.Id == id, cancellationToken))!;
        if (Entity is null)
        {
            return false;
        }
        ProviderOptions = await models.ProviderOptionsAsync(cancellationToken);
        return true;
    }
}

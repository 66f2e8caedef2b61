using LlmPages.Admin;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace LlmPages.Pages.Admin.Models;

public sealed class EditModel(ModelAdmin models, AdminCrud<AiModel, int> crud) : PageModel, IModelForm
{
    [BindProperty]
    public ModelInput Input { get; set; } = new();

    public AiModel Entity => crud.Record;

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
            return this.PageWithErrors();
        }
        return await crud.SaveAsync(this, ct => models.UpdateAsync(Entity, Input, ct), Input.IsDefault ? "It is the default model." : null, cancellationToken);
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        if (!await crud.LoadAsync(id, cancellationToken))
        {
            return false;
        }
        ProviderOptions = await models.ProviderOptionsAsync(cancellationToken);
        return true;
    }
}

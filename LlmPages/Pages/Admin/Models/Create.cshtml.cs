using LlmPages.Admin;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace LlmPages.Pages.Admin.Models;

public sealed class CreateModel(ModelAdmin models, AdminCrud<AiModel, int> crud) : PageModel, IModelForm
{
    [BindProperty]
    public ModelInput Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> ProviderOptions { get; private set; } = [];

    /// <param name="provider">Preselects the provider (from a provider's page).</param>
    public async Task OnGetAsync(int? provider, CancellationToken cancellationToken)
    {
        ProviderOptions = await models.ProviderOptionsAsync(cancellationToken);
        Input.ProviderId = provider ?? (ProviderOptions.Count == 1 ? int.Parse(ProviderOptions[0].Value, System.Globalization.CultureInfo.InvariantCulture) : null);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // Loaded first: a model another admin adds while this is saved shows the form again too.
        ProviderOptions = await models.ProviderOptionsAsync(cancellationToken);
        if (!await models.ValidateAsync(Input, null, ModelState, cancellationToken))
        {
            return this.PageWithErrors();
        }
        return await crud.CreateAsync(this, models.New(Input), Input.IsDefault ? "It is now the default model." : null, cancellationToken);
    }
}

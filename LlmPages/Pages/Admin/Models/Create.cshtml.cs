using LlmPages.Admin;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace LlmPages.Pages.Admin.Models;

public sealed class CreateModel(ModelAdmin models) : PageModel, IModelForm
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
        if (!await models.ValidateAsync(Input, null, ModelState, cancellationToken))
        {
            ProviderOptions = await models.ProviderOptionsAsync(cancellationToken);
            return Page();
        }
        var model = await models.CreateAsync(Input, cancellationToken);
        TempData.Flash(model.IsDefault
            ? $"Added the model {Wording.Quote(model.DisplayName)}. It is now the default model."
            : $"Added the model {Wording.Quote(model.DisplayName)}.");
        return Redirect($"/admin/models?provider={model.ProviderId}");
    }
}

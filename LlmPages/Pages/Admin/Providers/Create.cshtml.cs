using LlmPages.Admin;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace LlmPages.Pages.Admin.Providers;

public sealed class CreateModel(ProviderAdmin providers, AdminCrud<AiProvider, int> crud) : PageModel, IProviderForm
{
    [BindProperty]
    public ProviderInput Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> TypeOptions { get; private set; } = [];

    public bool HasStoredKey => false;

    public string? StoredKeyHint => null;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        TypeOptions = await providers.TypeOptionsAsync(null, cancellationToken);
        Input.Kind = ProviderKind.OpenAiCompatible;
        // One type (the usual case, "Chat"): nothing to choose.
        if (TypeOptions.Count == 1)
        {
            Input.AiTypeId = int.Parse(TypeOptions[0].Value, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // Loaded first: a name another admin takes while this is saved shows the form again too.
        TypeOptions = await providers.TypeOptionsAsync(null, cancellationToken);
        if (!await providers.ValidateAsync(Input, null, ModelState, cancellationToken))
        {
            return this.PageWithErrors();
        }
        return await crud.CreateAsync(this, providers.New(Input), "Test the connection, then add its models.", cancellationToken);
    }
}

using LlmPages.Admin;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Admin.AiTypes;

public sealed class CreateModel(AiTypeAdmin types) : PageModel, IAiTypeForm
{
    [BindProperty]
    public AiTypeInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await types.ValidateAsync(Input, null, ModelState, cancellationToken))
        {
            return Page();
        }
        var type = await types.CreateAsync(Input, cancellationToken);
        TempData.Flash($"Added the AI type {Wording.Quote(type.Name)}.");
        return Redirect("/admin/ai-types");
    }
}

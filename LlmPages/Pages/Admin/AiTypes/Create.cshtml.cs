using LlmPages.Admin;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Admin.AiTypes;

public sealed class CreateModel(AiTypeAdmin types, AdminCrud<AiType, int> crud) : PageModel, IAiTypeForm
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
            return this.PageWithErrors();
        }
        return await crud.CreateAsync(this, types.New(Input), note: null, cancellationToken);
    }
}

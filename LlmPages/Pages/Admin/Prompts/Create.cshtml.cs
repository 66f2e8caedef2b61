using LlmPages.Accounts;
using LlmPages.Admin;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Admin.Prompts;

public sealed class CreateModel(SystemPromptAdmin prompts, AdminCrud<SystemPrompt, int> crud) : PageModel, ISystemPromptForm
{
    [BindProperty]
    public SystemPromptInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await prompts.ValidateAsync(Input, null, ModelState, cancellationToken))
        {
            return this.PageWithErrors();
        }
        return await crud.CreateAsync(this, prompts.New(Input, User.UserId()), note: null, cancellationToken);
    }
}

using LlmPages.Admin;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Admin.Prompts;

public sealed class EditModel(SystemPromptAdmin prompts, AdminCrud<SystemPrompt, int> crud) : PageModel, ISystemPromptForm
{
    [BindProperty]
    public SystemPromptInput Input { get; set; } = new();

    public SystemPrompt Prompt => crud.Record;

    public int ChatCount { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        Input = new SystemPromptInput { Name = Prompt.Name, Description = Prompt.Description, Content = Prompt.Content, IsActive = Prompt.IsActive };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        if (!await prompts.ValidateAsync(Input, id, ModelState, cancellationToken))
        {
            return this.PageWithErrors();
        }
        return await crud.SaveAsync(this, ct => prompts.UpdateAsync(Prompt, Input, ct), cancellationToken);
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        if (!await crud.LoadAsync(id, cancellationToken))
        {
            return false;
        }
        ChatCount = await prompts.ChatCountAsync(id, cancellationToken);
        return true;
    }
}

using LlmPages.Admin;
using LlmPages.Data.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Admin.Prompts;

/// <summary>Confirms a delete without JavaScript (a dialog with it); never refused, as what chose the prompt keeps its text.</summary>
public sealed class DeleteModel(SystemPromptAdmin prompts, AdminCrud<SystemPrompt, int> crud) : PageModel
{
    public SystemPrompt Prompt => crud.Record;

    public int ChatCount { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var result = await crud.ConfirmDeleteAsync(this, id, cancellationToken);
        if (result is PageResult)
        {
            ChatCount = await prompts.ChatCountAsync(id, cancellationToken);
        }
        return result;
    }

    public Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken) => crud.DeleteAsync(this, id, cancellationToken);
}

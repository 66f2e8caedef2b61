using LlmPages.Accounts;
using LlmPages.Chat;
using LlmPages.Chat.Conversations;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Chat;

/// <summary>Deletes a chat and all its messages, after stopping a reply still being written. Owner only.</summary>
[Authorize]
public sealed class DeleteModel(ConversationThreads threads, ChatDeletion deletion) : PageModel
{
    public Conversation Conversation { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await threads.FindOwnedAsync(id, User.UserId()!, cancellationToken) is not { } conversation)
        {
            return NotFound();
        }
        Conversation = conversation;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await deletion.DeleteAsync(User.UserId()!, [id], cancellationToken) is not [var title])
        {
            return NotFound();
        }
        TempData.Flash($"Deleted “{title}”.");
        return Redirect("/chat");
    }
}

using Htmx;
using LlmPages.Accounts;
using LlmPages.Chat.Conversations;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace LlmPages.Pages.Chat;

/// <summary>
/// One message of a chat: its finished self for htmx (<c>GET</c>, a finished reply replacing its streaming self),
/// a new version of a reply (<c>regenerate</c>), or another version shown (<c>show</c>). Editing is its own page
/// (Edit). Owner only: anyone else gets 404. Without JavaScript each action answers with a redirect to the chat.
/// </summary>
[Authorize]
[EnableRateLimiting(RateLimits.Messages)]
public sealed class MessageModel(ConversationThreads threads, ChatTurns turns) : PageModel
{
    public Conversation Conversation { get; private set; } = null!;

    public ThreadMessage Message { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, Guid mid, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, mid, cancellationToken))
        {
            return NotFound();
        }
        return Request.IsHtmx() ? Page() : Redirect($"/chat/{id}#{Message.DomId}");
    }

    public async Task<IActionResult> OnPostRegenerateAsync(Guid id, Guid mid, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, mid, cancellationToken))
        {
            return NotFound();
        }
        return this.BackToChat(id, await turns.RegenerateAsync(Conversation, mid, cancellationToken));
    }

    public async Task<IActionResult> OnPostShowAsync(Guid id, Guid mid, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, mid, cancellationToken))
        {
            return NotFound();
        }
        await threads.ShowVersionAsync(Conversation, mid, cancellationToken);
        return Redirect($"/chat/{id}#{Message.DomId}");
    }

    private async Task<bool> LoadAsync(Guid id, Guid mid, CancellationToken cancellationToken)
    {
        if (await threads.FindOwnedMessageAsync(id, mid, User.UserId()!, null, cancellationToken) is not { } found)
        {
            return false;
        }
        (Conversation, Message) = found;
        return true;
    }
}

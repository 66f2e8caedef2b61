using Htmx;
using LlmPages.Accounts;
using LlmPages.Chat;
using LlmPages.Chat.Conversations;
using LlmPages.Chat.Streaming;
using LlmPages.Data.Entities;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Chat;

/// <summary>
/// Stops a reply being written; what it wrote so far is kept, marked stopped. A POST from a plain form returns to
/// the chat; from htmx it answers 204 and the reply's own event stream brings the stopped reply. The GET page asks
/// first, for a link followed without a form. Owner only.
/// </summary>
[Authorize]
public sealed class StopModel(ConversationThreads threads, GenerationHub hub, ReplyStopper stopper) : PageModel
{
    public Conversation Conversation { get; private set; } = null!;

    public bool IsRunning { get; private set; }

    private bool isStreaming;

    public async Task<IActionResult> OnGetAsync(Guid id, Guid replyId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, replyId, cancellationToken))
        {
            return NotFound();
        }
        IsRunning = hub.Find(replyId) is not null || isStreaming;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid replyId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, replyId, cancellationToken))
        {
            return NotFound();
        }
        // Here or on the instance writing it; a plain form waits for the stopped reply to be saved, so the page we
        // return to shows it stopped.
        await stopper.StopAsync(replyId, isStreaming, untilSaved: !Request.IsHtmx(), cancellationToken);
        if (Request.IsHtmx())
        {
            return new NoContentResult();
        }
        return Redirect($"/chat/{id}#m-{replyId:N}");
    }

    private async Task<bool> LoadAsync(Guid id, Guid replyId, CancellationToken cancellationToken)
    {
        if (await threads.FindOwnedMessageAsync(id, replyId, User.UserId()!, MessageRole.Assistant, cancellationToken) is not { } found)
        {
            return false;
        }
        Conversation = found.Conversation;
        isStreaming = found.Message.IsStreaming;
        return true;
    }
}

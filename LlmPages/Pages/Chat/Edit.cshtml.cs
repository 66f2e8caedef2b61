using System.ComponentModel.DataAnnotations;
using LlmPages.Accounts;
using LlmPages.Chat;
using LlmPages.Chat.Conversations;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace LlmPages.Pages.Chat;

/// <summary>
/// Edits one of the person's messages: sending the edited text starts a new version of the chat from that point,
/// and the original with its replies stays as another version. Owner only: anyone else gets 404.
/// </summary>
[Authorize]
[EnableRateLimiting(RateLimits.Messages)]
public sealed class EditModel(ConversationThreads threads, ChatTurns turns, IOptions<ChatLimits> limits) : PageModel
{
    public sealed class EditInput
    {
        [Display(Name = "Your message")]
        public string? Text { get; set; }
    }

    [BindProperty]
    public EditInput Input { get; set; } = new();

    public Conversation Conversation { get; private set; } = null!;

    public ThreadMessage Message { get; private set; } = null!;

    public int MaxMessageLength => limits.Value.MaxMessageLength;

    public async Task<IActionResult> OnGetAsync(Guid id, Guid mid, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, mid, cancellationToken))
        {
            return NotFound();
        }
        Input.Text = Message.Content;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid mid, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, mid, cancellationToken))
        {
            return NotFound();
        }
        var result = await turns.EditAsync(Conversation, mid, Input.Text ?? "", cancellationToken);
        if (result.Error is { } error)
        {
            ModelState.AddModelError("Input.Text", error);
            Response.StatusCode = result.IsOverQuota ? StatusCodes.Status429TooManyRequests : StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        return this.BackToChat(Conversation.Id, result);
    }

    private async Task<bool> LoadAsync(Guid id, Guid mid, CancellationToken cancellationToken)
    {
        if (await threads.FindOwnedMessageAsync(id, mid, User.UserId()!, MessageRole.User, cancellationToken) is not { } found)
        {
            return false;
        }
        (Conversation, Message) = found;
        return true;
    }
}

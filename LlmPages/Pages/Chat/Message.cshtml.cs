using System.ComponentModel.DataAnnotations;
using Htmx;
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
/// One message of a chat: its finished self for htmx (<c>GET</c>), a new version of a reply (<c>regenerate</c>),
/// an edited question (<c>edit</c>), or another version shown (<c>show</c>). Owner only: anyone else gets 404.
/// Without JavaScript each action answers with a redirect to the chat, streaming the new reply if one started.
/// </summary>
[Authorize]
[EnableRateLimiting(RateLimits.Messages)]
public sealed class MessageModel(ConversationThreads threads, ChatTurns turns, IOptions<ChatLimits> limits) : PageModel
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

    /// <summary>True for the edit form page; false for the message fragment.</summary>
    public bool Editing { get; private set; }

    public int MaxMessageLength => limits.Value.MaxMessageLength;

    public async Task<IActionResult> OnGetAsync(Guid id, Guid mid, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, mid, cancellationToken))
        {
            return NotFound();
        }
        if (!Request.IsHtmx())
        {
            return Redirect($"/chat/{id}#{Message.DomId}");
        }
        return Page();
    }

    public async Task<IActionResult> OnPostRegenerateAsync(Guid id, Guid mid, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, mid, cancellationToken))
        {
            return NotFound();
        }
        var result = await turns.RegenerateAsync(Conversation, mid, cancellationToken);
        return AfterTurn(result);
    }

    public async Task<IActionResult> OnGetEditAsync(Guid id, Guid mid, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, mid, cancellationToken) || Message.Role != MessageRole.User)
        {
            return NotFound();
        }
        Input.Text = Message.Content;
        Editing = true;
        return Page();
    }

    public async Task<IActionResult> OnPostEditAsync(Guid id, Guid mid, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, mid, cancellationToken) || Message.Role != MessageRole.User)
        {
            return NotFound();
        }
        var result = await turns.EditAsync(Conversation, mid, Input.Text ?? "", cancellationToken);
        if (result.Error is { } error)
        {
            ModelState.AddModelError("Input.Text", error);
            Editing = true;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        return AfterTurn(result);
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

    /// <summary>
    /// Back to the chat. Without JavaScript, <c>?follow=1</c> streams the new reply into the page; htmx (which
    /// follows the redirect itself) gets the page with the reply following its event stream instead.
    /// </summary>
    private IActionResult AfterTurn(TurnResult result)
    {
        if (result.IsNotFound)
        {
            return NotFound();
        }
        if (result.Error is { } error)
        {
            TempData.FlashError(error);
            return Redirect($"/chat/{Conversation.Id}");
        }
        var anchor = result.ReplyId is { } reply ? $"#m-{reply:N}" : "";
        return Redirect(Request.IsHtmx() ? $"/chat/{Conversation.Id}{anchor}" : $"/chat/{Conversation.Id}?follow=1{anchor}");
    }

    private async Task<bool> LoadAsync(Guid id, Guid mid, CancellationToken cancellationToken)
    {
        var conversation = await threads.FindOwnedAsync(id, User.UserId()!, cancellationToken);
        var message = conversation is null ? null : await threads.LoadMessageAsync(conversation, mid, cancellationToken);
        if (conversation is null || message is null)
        {
            return false;
        }
        Conversation = conversation;
        Message = message;
        return true;
    }
}

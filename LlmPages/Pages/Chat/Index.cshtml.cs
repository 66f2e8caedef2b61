using Htmx;
using LlmPages.Accounts;
using LlmPages.Chat.Conversations;
using LlmPages.Chat.Streaming;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace LlmPages.Pages.Chat;

/// <summary>
/// The chat page: the person's chats, one chat (or a new one), and the composer. A send works three ways from one
/// generation: htmx gets the new messages (_Turn; for a new chat, this page as a morph of main) and the reply's events
/// in the same answer; a plain post gets this page with the
/// reply streamed into it as it is written (WriteStreamedReplyAsync, no JavaScript needed); and <c>?follow=1</c> does
/// the same for a reply already being written (a no-JS reload). What the page shows is read by ChatViewReader.
/// </summary>
[Authorize]
[EnableRateLimiting(RateLimits.Messages)]
public sealed class IndexModel(
    ChatViewReader reader, ConversationThreads threads, ChatSettings settings, ChatTurns turns, GenerationHub hub, LiveReplies replies) : PageModel
{
    [BindProperty]
    public MessageInput Input { get; set; } = new();

    [BindProperty]
    public ChatSettingsInput Settings { get; set; } = new();

    /// <summary>What the page shows apart from its forms.</summary>
    public ChatView View { get; private set; } = new();

    /// <summary>The reply this response streams as it is written (plain requests only: WriteStreamedReplyAsync).</summary>
    public ILiveReply? Follow { get; private set; }

    /// <summary>
    /// An htmx send answered with this page whose reply had already ended when the page was read: the status region
    /// says how it ended, as it would have when the reply's events ended.
    /// </summary>
    public ThreadMessage? SentReplyEnded { get; private set; }

    /// <summary>Set after sending: the message box takes focus again when the page arrives.</summary>
    public bool FocusComposer { get; private set; }

    /// <param name="follow">"1" (the links and redirects use it) or "true": a bool parameter refuses "1".</param>
    public async Task<IActionResult> OnGetAsync(Guid? id, string? follow, CancellationToken cancellationToken)
    {
        if (!await FindAsync(id, cancellationToken))
        {
            return NotFound();
        }
        await LoadRestAsync(cancellationToken);
        Settings = View.Conversation is { } chat ? ChatSettings.Of(chat) : await settings.DefaultsAsync(User.UserId()!, View, cancellationToken);
        if (follow is "1" or "true" && !Request.IsHtmx() && View.Thread is [.., { IsStreaming: true } last]
            && (Follow = await replies.FindAsync(last.Id, last.ConversationId, User.UserId(), cancellationToken)) is null)
        {
            // Finished (and saved) since the thread was read: show it finished, not as a draft that never ends.
            await LoadRestAsync(cancellationToken);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken cancellationToken)
    {
        // Only what the turn needs is read before it starts: the rest of the page waits, the reply does not.
        if (!await FindAsync(id, cancellationToken, withChoices: false))
        {
            return NotFound();
        }
        if (!await IsValidAsync(withText: true, cancellationToken))
        {
            return await RefusedAsync(cancellationToken);
        }
        var conversation = View.Conversation ?? turns.NewConversation(User.UserId()!, Input.Text!, View.Project?.Id);
        ChatSettings.Apply(conversation, Settings, View.Prompts);
        var result = await turns.SendAsync(conversation, Input.Text!, Input.ClientId, cancellationToken);
        if (result.Error is { } error)
        {
            ModelState.AddModelError("Input.Text", error);
            return await RefusedAsync(cancellationToken, result.IsOverQuota ? StatusCodes.Status429TooManyRequests : StatusCodes.Status422UnprocessableEntity);
        }
        return await AfterTurnAsync(conversation, result, isNew: View.Conversation is null, cancellationToken);
    }

    /// <summary>Saves the chat's settings without sending anything; a half-written message stays in the composer.</summary>
    public async Task<IActionResult> OnPostSettingsAsync(Guid? id, CancellationToken cancellationToken)
    {
        if (id is null || !await FindAsync(id, cancellationToken, withChoices: false) || View.Conversation is not { } chat)
        {
            return NotFound();
        }
        ModelState.Remove("Input.Text");
        if (!await IsValidAsync(withText: false, cancellationToken))
        {
            await LoadRestAsync(cancellationToken);
            return Page();
        }
        await settings.SaveAsync(chat, Settings, View.Prompts, cancellationToken);
        TempData.Flash("Chat settings saved.");
        return Redirect($"/chat/{chat.Id}");
    }

    /// <summary>
    /// The message (when sending) and the settings, with every problem added next to its field. The lists of models and
    /// prompts are read only when the settings need them (<see cref="ChatSettings.NeedsChoices"/>).
    /// </summary>
    private async Task<bool> IsValidAsync(bool withText, CancellationToken cancellationToken)
    {
        if (withText && turns.ValidateText(Input.Text) is { } textError)
        {
            ModelState.AddModelError("Input.Text", textError);
        }
        if (!ChatSettings.NeedsChoices(Settings, View.Conversation))
        {
            return ChatSettings.CheckKept(Settings, ModelState, nameof(Settings));
        }
        await reader.LoadChoicesAsync(View, cancellationToken);
        return ChatSettings.Check(Settings, View.Models, View.Prompts, ModelState, nameof(Settings));
    }

    /// <summary>
    /// Not sent: htmx shows why beside the composer; a plain post gets the page again, with <paramref name="status"/>
    /// (429 over the monthly quota, else 422). What was typed is kept.
    /// </summary>
    private async Task<IActionResult> RefusedAsync(CancellationToken cancellationToken, int status = StatusCodes.Status422UnprocessableEntity)
    {
        if (Request.IsHtmx())
        {
            return this.ErrorsInto("#composer-errors");
        }
        await LoadRestAsync(cancellationToken);
        Response.StatusCode = status;
        return Page();
    }

    private async Task<IActionResult> AfterTurnAsync(Conversation conversation, TurnResult result, bool isNew, CancellationToken cancellationToken)
    {
        if (Request.IsHtmx() && !isNew && !result.Repeated)
        {
            return await SendEventsResult.TurnAnswerAsync(this, hub, threads, conversation, result, cancellationToken);
        }
        // The whole page: for a plain post it streams the reply; for htmx (a new chat) it morphs <main> into the
        // chat's page, and the reply's events follow in the same answer. The live reply is found before the thread
        // is read: if it has ended by then, the thread shows it finished.
        Generation? live = null;
        if (Request.IsHtmx())
        {
            Response.Htmx(h => h.PushUrl($"/chat/{conversation.Id}"));
            ViewData.AnswerAsMainMorph();
            live = SendEventsResult.Find(this, hub, result);
        }
        else if (result.ReplyId is { } replyId)
        {
            Follow = hub.Find(replyId);
        }
        View.Conversation = conversation;
        await LoadRestAsync(cancellationToken);
        (Settings, Input, FocusComposer) = (ChatSettings.Of(conversation), new MessageInput(), true);
        ModelState.Clear();
        if (Request.IsHtmx() && View.Thread is [.., { IsStreaming: false } last] && last.Id == result.ReplyId)
        {
            SentReplyEnded = last;
        }
        return Request.IsHtmx() ? SendEventsResult.PageAnswer(this, View, live) : Page();
    }

    /// <summary>Reads what a turn needs; false when the id (or a new chat's <c>?projectId=</c>) is not this person's.</summary>
    private async Task<bool> FindAsync(Guid? id, CancellationToken cancellationToken, bool withChoices = true) =>
        (View = await reader.FindAsync(id, Request.Query["projectId"], User.UserId()!, cancellationToken, withChoices) ?? new ChatView()).Found;

    private Task LoadRestAsync(CancellationToken cancellationToken) =>
        reader.LoadRestAsync(View, User.UserId()!, Request.Query["all"] == "1", Paging.RequestedPage(Request), cancellationToken);
}

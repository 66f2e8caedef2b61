using System.ComponentModel.DataAnnotations;
using Htmx;
using LlmPages.Accounts;
using LlmPages.Chat;
using LlmPages.Chat.Conversations;
using LlmPages.Chat.Streaming;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace LlmPages.Pages.Chat;

/// <summary>
/// The chat page: the person's conversations, one conversation (or a new one), and the composer. Sending works
/// three ways from one generation: htmx gets the new messages as a fragment and follows the reply over SSE; a
/// plain form post gets this page with the reply streamed into it as it is written (no JavaScript needed); and
/// <c>?follow=1</c> does the same for a reply already being written (a no-JS reload).
/// </summary>
[Authorize]
[EnableRateLimiting(RateLimits.Messages)]
public sealed class IndexModel(
    AppDbContext db, ConversationThreads threads, ConversationList list, ChatSettings settings, ChatTurns turns, GenerationHub hub,
    IOptions<ChatLimits> limits, ReplyFeed feed) : PageModel
{
    public sealed class MessageInput
    {
        [Display(Name = "Message")]
        public string? Text { get; set; }

        /// <summary>Chosen when the composer is shown, so posting the same form twice sends one message.</summary>
        public Guid? ClientId { get; set; }
    }

    [BindProperty]
    public MessageInput Input { get; set; } = new();

    [BindProperty]
    public ChatSettingsInput Settings { get; set; } = new();

    public Conversation? Conversation { get; private set; }

    public IReadOnlyList<ThreadMessage> Thread { get; private set; } = [];

    /// <summary>How many earlier messages of the branch this page leaves out (<c>?all=1</c> shows them).</summary>
    public int EarlierMessages { get; private set; }

    public ConversationList.Result Conversations { get; private set; } = new([], Paging.For(1, 0));

    public IReadOnlyList<ChatSettings.ModelChoice> Models { get; private set; } = [];

    public IReadOnlyList<ChatSettings.PromptChoice> Prompts { get; private set; } = [];

    /// <summary>The reply this response streams as it is written (plain requests only).</summary>
    public Generation? Follow { get; private set; }

    /// <summary>Set after sending: the message box takes focus again when the page arrives.</summary>
    public bool FocusComposer { get; private set; }

    /// <summary>A new id for the next message sent from the composer.</summary>
    public Guid NextClientId { get; } = Guid.CreateVersion7();

    public string UserId => User.UserId()!;

    public int MaxMessageLength => limits.Value.MaxMessageLength;

    /// <summary>The person's choice: Enter sends (Shift+Enter for a new line), or Enter is a new line.</summary>
    public bool SendWithEnter { get; private set; } = true;

    /// <summary>
    /// The rest of <see cref="Follow"/>'s reply after the page's snapshot, for the view to write as it comes. Ends
    /// quietly when the reader leaves: the reply goes on being written without them.
    /// </summary>
    public async IAsyncEnumerable<GenerationBatch> FollowAsync(int afterEventId)
    {
        var batches = feed.FollowAsync(Follow!, afterEventId, User, HttpContext.RequestAborted).GetAsyncEnumerator();
        try
        {
            while (true)
            {
                try
                {
                    if (!await batches.MoveNextAsync())
                    {
                        yield break;
                    }
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
                yield return batches.Current;
            }
        }
        finally
        {
            await batches.DisposeAsync();
        }
    }

    /// <summary>A message as saved now: the finished reply that replaces the streamed draft.</summary>
    public Task<ThreadMessage?> ReloadAsync(Guid messageId) =>
        threads.LoadMessageAsync(Conversation!, messageId, CancellationToken.None);

    /// <param name="follow">"1" (the links and redirects use it) or "true": a bool parameter refuses "1".</param>
    public async Task<IActionResult> OnGetAsync(Guid? id, string? follow, CancellationToken cancellationToken)
    {
        if (!await FindAsync(id, cancellationToken))
        {
            return NotFound();
        }
        await LoadPageAsync(cancellationToken);
        if (Conversation is not null)
        {
            Settings = ChatSettings.Of(Conversation);
            if (follow is "1" or "true" && !Request.IsHtmx() && Thread.Count > 0 && Thread[^1].IsStreaming)
            {
                Follow = hub.Find(Thread[^1].Id);
                if (Follow is null)
                {
                    // Finished (and saved) since the thread was read: show it finished, not as a draft that never ends.
                    await LoadThreadAsync(Conversation, cancellationToken);
                }
            }
        }
        else
        {
            Settings = await settings.DefaultsAsync(UserId, Models, cancellationToken);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken cancellationToken)
    {
        // Only what the turn needs is read before it starts: the rest of the page waits, the reply does not.
        if (!await FindAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var conversation = Conversation;
        // The same form posted again (a reload of the page it returned): show that turn instead of sending twice.
        if (conversation is not null && Input.ClientId is { } clientId
            && await turns.FindRepeatAsync(conversation.Id, clientId, cancellationToken) is { } repeat)
        {
            return await AfterTurnAsync(conversation, repeat, isNew: false, cancellationToken);
        }

        Validate();
        if (!ModelState.IsValid)
        {
            return await RefusedAsync(cancellationToken);
        }

        var isNew = conversation is null;
        if (conversation is null)
        {
            // Saved together with its first turn, or not at all when the turn is refused.
            conversation = new Conversation { OwnerId = UserId, Title = ConversationTitles.FromFirstMessage(Input.Text!) };
            db.Conversations.Add(conversation);
        }
        ChatSettings.Apply(conversation, Settings, Prompts);
        var result = await turns.SendAsync(conversation, Input.Text!, Input.ClientId, cancellationToken);
        if (result.Error is { } error)
        {
            ModelState.AddModelError("Input.Text", error);
            return await RefusedAsync(cancellationToken);
        }
        return await AfterTurnAsync(conversation, result, isNew, cancellationToken);
    }

    /// <summary>Saves the chat's settings without sending anything.</summary>
    public async Task<IActionResult> OnPostSettingsAsync(Guid? id, CancellationToken cancellationToken)
    {
        if (id is null || !await FindAsync(id, cancellationToken) || Conversation is null)
        {
            return NotFound();
        }
        ModelState.Remove("Input.Text");
        foreach (var (field, message) in ChatSettings.Check(Settings, Models, Prompts))
        {
            ModelState.AddModelError($"Settings.{field}", message);
        }
        if (!ModelState.IsValid)
        {
            await LoadPageAsync(cancellationToken);
            return Page();
        }
        ChatSettings.Apply(Conversation, Settings, Prompts);
        await db.SaveChangesAsync(cancellationToken);
        TempData.Flash("Chat settings saved.");
        return Redirect($"/chat/{Conversation.Id}");
    }

    private void Validate()
    {
        if (turns.ValidateText(Input.Text) is { } error)
        {
            ModelState.AddModelError("Input.Text", error);
        }
        foreach (var (field, message) in ChatSettings.Check(Settings, Models, Prompts))
        {
            ModelState.AddModelError($"Settings.{field}", message);
        }
    }

    /// <summary>
    /// The message was not sent. htmx shows the reason beside the composer, keeping what was typed; a plain post
    /// gets the page again with the errors and the text kept.
    /// </summary>
    private async Task<IActionResult> RefusedAsync(CancellationToken cancellationToken)
    {
        if (Request.IsHtmx())
        {
            Response.Htmx(h => h.Retarget("#composer-errors").Reswap("innerHTML"));
            return Partial("_ValidationSummary", ModelState);
        }
        await LoadPageAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<IActionResult> AfterTurnAsync(Conversation conversation, TurnResult result, bool isNew, CancellationToken cancellationToken)
    {
        if (Request.IsHtmx() && !isNew && !result.Repeated)
        {
            Guid?[] ids = [result.UserMessageId, result.ReplyId, result.FollowsId];
            var shown = await threads.LoadMessagesAsync(conversation, [.. ids.OfType<Guid>()], cancellationToken);
            var user = shown.Single(m => m.Id == result.UserMessageId);
            var reply = shown.SingleOrDefault(m => m.Id == result.ReplyId);
            var previous = shown.SingleOrDefault(m => m.Id == result.FollowsId);
            return Partial("_Turn", new TurnView(user, reply, previous));
        }

        // The whole page: for a plain post it streams the reply; for htmx (a new chat) it replaces the page.
        Conversation = conversation;
        await LoadPageAsync(cancellationToken);
        Settings = ChatSettings.Of(conversation);
        Input = new MessageInput();
        ModelState.Clear();
        FocusComposer = true;
        if (Request.IsHtmx())
        {
            Response.Htmx(h => h.PushUrl($"/chat/{conversation.Id}"));
        }
        else if (result.ReplyId is { } replyId)
        {
            Follow = hub.Find(replyId);
        }
        return Page();
    }

    /// <summary>The conversation (when an id is given, and only if it is this person's), and the settings' choices.</summary>
    private async Task<bool> FindAsync(Guid? id, CancellationToken cancellationToken)
    {
        if (id is { } conversationId)
        {
            Conversation = await threads.FindOwnedAsync(conversationId, UserId, cancellationToken);
            if (Conversation is null)
            {
                return false;
            }
        }
        Models = await settings.ModelsAsync(cancellationToken);
        Prompts = await settings.PromptsAsync(cancellationToken);
        return true;
    }

    /// <summary>The rest of what the page shows: the thread, the list of chats and the composer's keyboard choice.</summary>
    private async Task LoadPageAsync(CancellationToken cancellationToken)
    {
        if (Conversation is not null)
        {
            await LoadThreadAsync(Conversation, cancellationToken);
        }
        Conversations = await list.PageAsync(UserId, Paging.RequestedPage(Request), cancellationToken);
        SendWithEnter = await settings.SendWithEnterAsync(UserId, cancellationToken);
    }

    /// <summary>The newest messages of the branch shown, or all of them with <c>?all=1</c>.</summary>
    private async Task LoadThreadAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        var all = Request.Query["all"] == "1";
        var thread = await threads.LoadAsync(conversation, all ? null : limits.Value.MessagesShown, cancellationToken);
        Thread = thread.Messages;
        EarlierMessages = thread.Earlier;
    }

    public string PageUrl(int page) => Conversation is null ? $"/chat?page={page}" : $"/chat/{Conversation.Id}?page={page}";
}

/// <summary>A turn as htmx receives it: the person's message and the reply being written.</summary>
public sealed record TurnView(ThreadMessage Question, ThreadMessage? Reply, ThreadMessage? Previous);

using LlmPages.Chat.Conversations;
using LlmPages.Data.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Chat.Streaming;

/// <summary>
/// The answer to an htmx send in one round trip: an event stream whose first event is what the send shows at once
/// (<paramref name="first"/>: the new turn, swapped where the composer swaps, #thread beforeend; or, for a new chat,
/// the chat's page morphing #main), followed by the reply's events as <c>GET .../events</c> sends them from
/// <paramref name="afterEventId"/> (the text the first event already holds), each piece appending to the reply's raw
/// text (<paramref name="appendTo"/>), then <c>reply-done</c>. Before, htmx got the turn (or the page) and only then
/// opened the reply's stream: a second round trip before the first token. The reply is written on its own task; a
/// reader who leaves ends only this answer, and a reload or another tab follows the reply through
/// <c>GET .../events</c> as before.
/// </summary>
public sealed class SendEventsResult(IActionResult first, Generation live, int afterEventId, string appendTo) : IActionResult
{
    /// <summary>
    /// The answer to an htmx send of a chat's next message: the new turn (the page's _Turn), and when htmx reads event
    /// streams (its SSE extension says so in Accept), the reply's events after it in the same answer. While the reply
    /// is being written the turn is drawn from the rows the send saved, its text from the live reply; once it has
    /// ended, the turn is read back, showing it finished, and answered alone.
    /// </summary>
    public static async Task<IActionResult> TurnAnswerAsync(
        PageModel page, GenerationHub hub, ConversationThreads threads, Conversation conversation, TurnResult result, CancellationToken cancellationToken)
    {
        var live = Find(page, hub, result);
        var turn = live is not null && result.Saved is { } saved
            ? threads.DrawTurn(saved, live)
            : await threads.LoadTurnAsync(conversation, result, cancellationToken);
        if (live is null || turn.Reply is not { IsStreaming: true, LiveEventId: { } after } reply)
        {
            return page.Partial("_Turn", turn);
        }
        reply = reply with { FollowedByAnswer = true };
        return new SendEventsResult(page.Partial("_Turn", turn with { Reply = reply }), live, after, reply.RawDomId);
    }

    /// <summary>
    /// The live reply an htmx send's answer can carry: found before the page or turn showing it is read, so that if
    /// it ends meanwhile, what is read shows it finished. Null when htmx does not read event streams.
    /// </summary>
    public static Generation? Find(PageModel page, GenerationHub hub, TurnResult result) =>
        EventStream.IsAccepted(page.Request) && result.ReplyId is { } replyId ? hub.Find(replyId) : null;

    /// <summary>
    /// The answer to an htmx send of a new chat's first message: the chat's page (already read into
    /// <paramref name="view"/>, answered as a morph of #main), then the reply's events in the same answer when
    /// <paramref name="live"/> (from <see cref="Find"/>) is still being written as the page shows it. Otherwise the
    /// page alone, whose reply follows its own stream.
    /// </summary>
    public static IActionResult PageAnswer(PageModel page, ChatView view, Generation? live)
    {
        if (live is null || view.Thread is not [.., { IsStreaming: true, LiveEventId: { } after } reply] || reply.Id != live.ReplyId)
        {
            return page.Page();
        }
        reply = reply with { FollowedByAnswer = true };
        view.Thread = [.. view.Thread.Take(view.Thread.Count - 1), reply];
        return new PageThenEvents(live, after, reply.RawDomId);
    }

    public Task ExecuteResultAsync(ActionContext context) => AnswerAsync(context, first.ExecuteResultAsync, live, afterEventId, appendTo);

    private static async Task AnswerAsync(ActionContext context, Func<ActionContext, Task> renderFirst, Generation live, int afterEventId, string appendTo)
    {
        var http = context.HttpContext;
        // Rendered before the answer starts: the page's forms write the antiforgery cookie and headers.
        var html = await RenderAsync(context, renderFirst);
        EventStream.Begin(http.Response);
        try
        {
            await EventStream.WriteHtmlAsync(http.Response, html, http.RequestAborted);
            var feed = http.RequestServices.GetRequiredService<ReplyFeed>();
            var batches = feed.FollowAsync(live, afterEventId, http.User, http.RequestAborted);
            await EventStream.FollowAsync(http.Response, batches, http.RequestAborted, appendTo);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The reader left; the reply goes on being written without it.
        }
    }

    /// <summary>
    /// The first event's HTML: a partial or a page executed as usual, into a buffer instead of the response, which
    /// has not started (its headers, the content type aside, stay as the result set them).
    /// </summary>
    private static async Task<string> RenderAsync(ActionContext context, Func<ActionContext, Task> render)
    {
        var response = context.HttpContext.Response;
        var body = response.Body;
        using var buffer = new MemoryStream();
        response.Body = buffer;
        try
        {
            await render(context);
        }
        finally
        {
            response.Body = body;
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// The page, then the reply's events. A <see cref="PageResult"/> itself, because Razor Pages give the page to
    /// render (and its view data) only to a PageResult that a handler returns.
    /// </summary>
    private sealed class PageThenEvents(Generation live, int afterEventId, string appendTo) : PageResult
    {
        public override Task ExecuteResultAsync(ActionContext context) =>
            AnswerAsync(context, c => base.ExecuteResultAsync(c), live, afterEventId, appendTo);
    }
}

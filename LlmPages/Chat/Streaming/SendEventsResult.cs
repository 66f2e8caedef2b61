using LlmPages.Chat.Conversations;
using LlmPages.Data.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewEngines;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace LlmPages.Chat.Streaming;

/// <summary>
/// The answer to an htmx send in one round trip: an event stream whose first event is the new turn (the partial
/// <paramref name="turn"/>, swapped where the composer swaps, #thread beforeend), followed by the reply's events as
/// <c>GET .../events</c> sends them from <paramref name="afterEventId"/> (the text the turn already holds), each
/// piece appending to the reply's raw text (<paramref name="appendTo"/>), then <c>reply-done</c>. Before, htmx got the
/// turn and only then opened the reply's stream: a second round trip before the first token. The reply is written
/// on its own task; a reader who leaves ends only this answer, and a reload or another tab follows the reply through
/// <c>GET .../events</c> as before.
/// </summary>
public sealed class SendEventsResult(PartialViewResult turn, Generation live, int afterEventId, string appendTo) : IActionResult
{
    /// <summary>
    /// The answer to an htmx send of a chat's next message: the new turn (the page's _Turn), and when htmx reads event
    /// streams (its SSE extension says so in Accept), the reply's events after it in the same answer. The live reply
    /// is found before the turn is read: if it has ended by then, the turn shows it finished and is answered alone.
    /// </summary>
    public static async Task<IActionResult> TurnAnswerAsync(
        PageModel page, GenerationHub hub, ConversationThreads threads, Conversation conversation, TurnResult result, CancellationToken cancellationToken)
    {
        var live = EventStream.IsAccepted(page.Request) && result.ReplyId is { } replyId ? hub.Find(replyId) : null;
        var turn = await threads.LoadTurnAsync(conversation, result, cancellationToken);
        if (live is null || turn.Reply is not { IsStreaming: true, LiveEventId: { } after } reply)
        {
            return page.Partial("_Turn", turn);
        }
        reply = reply with { FollowedByAnswer = true };
        return new SendEventsResult(page.Partial("_Turn", turn with { Reply = reply }), live, after, reply.RawDomId);
    }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var http = context.HttpContext;
        // Rendered before the answer starts: the partial's forms write the antiforgery cookie and headers.
        var html = await RenderAsync(context);
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

    private async Task<string> RenderAsync(ActionContext context)
    {
        var engine = context.HttpContext.RequestServices.GetRequiredService<ICompositeViewEngine>();
        var found = engine.FindView(context, turn.ViewName!, isMainPage: false);
        found.EnsureSuccessful(originalLocations: null);
        await using var writer = new StringWriter();
        var tempData = turn.TempData ?? context.HttpContext.RequestServices.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(context.HttpContext);
        var view = new ViewContext(context, found.View, turn.ViewData, tempData, writer, new HtmlHelperOptions());
        await found.View.RenderAsync(view);
        return writer.ToString();
    }
}

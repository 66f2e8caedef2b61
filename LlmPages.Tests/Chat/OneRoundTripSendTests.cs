using System.Net;
using AngleSharp.Html.Parser;
using LlmPages.Data.Entities;
using LlmPages.Tests.Infrastructure.FakeModels;

namespace LlmPages.Tests.Chat;

/// <summary>
/// A send from the composer with htmx, whose SSE extension reads event streams, in one round trip: the answer is
/// an event stream of the new turn and then the reply's events. Refusals stay HTML for beside the composer.
/// </summary>
public sealed class OneRoundTripSendTests
{
    private static readonly HtmlParser Parser = new();

    [Fact]
    public async Task TheAnswerIsTheTurnThenTheReplysNumberedPiecesForItsTextThenTheDoneEvent()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var first = await user.StartChatAsync("Hello");
        var conversationId = first.ConversationId();
        // The first reply, the last of the chat, is the one that can be regenerated.
        var regenerate = Assert.Single(first.Document.QuerySelectorAll("form[action$='/regenerate']"));
        Assert.Equal(first.Document.QuerySelectorAll("article.message--assistant")[^1].Id + "-regenerate", regenerate.Id);
        // The model waits until the turn has been read, so every piece of the reply comes as an event.
        var turnRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        chat.Model.Script.Tokens = ["One", " <b>two</b>", "\n & three"];
        chat.Model.Script.HoldBeforeFirstToken = turnRead.Task;
        chat.Model.Script.TokenDelay = TimeSpan.FromMilliseconds(50);

        using var response = await user.SendReadingEventsAsync(conversationId, "Tell me more");
        var events = new List<SseEvent>();
        await foreach (var e in ChatSteps.EventsAsync(response))
        {
            events.Add(e);
            turnRead.TrySetResult();
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        // First the turn: HTML for the composer's own swap (#thread, beforeend), not a piece of the reply (no id).
        var turn = events[0];
        Assert.Null(turn.Name);
        Assert.Null(turn.Id);
        var html = await Parser.ParseDocumentAsync(turn.Data);
        Assert.Equal("Tell me more", html.QuerySelector("article.message--user .message__text")!.TextContent);
        var reply = html.QuerySelector("article.message--assistant.is-streaming[aria-busy=true]")!;
        // Its events are in this answer: the article opens no stream of its own, and asks for its finished self
        // when this answer ends.
        Assert.DoesNotContain(reply.QuerySelectorAll("div"), d => d.HasAttribute("hx-sse:connect"));
        Assert.Equal("htmx:sse:close from:#composer", reply.GetAttribute("hx-trigger"));
        var raw = reply.QuerySelector(".reply--raw")!;
        Assert.Equal("", raw.TextContent);
        Assert.Contains(html.QuerySelectorAll("hx-partial"), p => p.GetAttribute("hx-target") == "#composer-client-id");
        // The earlier reply is no longer the last: its Regenerate form goes, and nothing else of it is sent again.
        var removal = Assert.Single(html.QuerySelectorAll("hx-partial"), p => p.GetAttribute("hx-target") == "#" + regenerate.Id);
        Assert.Equal("delete", removal.GetAttribute("hx-swap"));
        Assert.Equal("", removal.InnerHtml);
        Assert.Single(html.QuerySelectorAll("article"), a => a.ClassList.Contains("message--assistant"));
        // The status region is emptied, to say how this reply ends when it does (and nothing before).
        var status = Assert.Single(html.QuerySelectorAll("hx-partial"), p => p.GetAttribute("hx-target") == "#chat-status");
        Assert.Equal("", status.InnerHtml.Trim());

        // Then the reply's pieces, numbered as on GET .../events, each appending escaped text to the raw text.
        var pieces = events.Skip(1).Where(e => e.Name is null).ToList();
        Assert.NotEmpty(pieces);
        var ids = pieces.Select(e => int.Parse(e.Id!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids.Order().Distinct(), ids);
        Assert.Equal("One <b>two</b>\n & three".Length, ids[^1]); // the length of the text up to each batch's end
        var open = $"<hx-partial hx-target=\"#{raw.Id}\" hx-swap=\"beforeend\">";
        Assert.All(pieces, p =>
        {
            Assert.StartsWith(open, p.Data, StringComparison.Ordinal);
            Assert.EndsWith("</hx-partial>", p.Data, StringComparison.Ordinal);
        });
        var inner = pieces.Select(p => p.Data[open.Length..^"</hx-partial>".Length]).ToList();
        Assert.DoesNotContain(inner, text => text.Contains('<', StringComparison.Ordinal));
        Assert.Equal("One <b>two</b>\n & three", string.Concat(inner.Select(WebUtility.HtmlDecode)));
        // Last, the one final event with the saved status.
        var done = Assert.Single(events, e => e.Name == "reply-done");
        Assert.Same(done, events[^1]);
        Assert.Equal("Complete", done.Data);
        Assert.Equal("One <b>two</b>\n & three".Length.ToString(System.Globalization.CultureInfo.InvariantCulture), done.Id);
    }

    [Fact]
    public async Task ASenderWhoLeavesMidReplyLeavesItBeingWrittenAndSavedAndAReaderResumesItExactly()
    {
        await using var chat = await ChatApp.StartAsync(kestrel: true);
        using var user = await chat.NewUserAsync();
        var conversationId = (await user.StartChatAsync("Hello")).ConversationId();
        var tokens = Enumerable.Range(1, 12).Select(i => $"w{i} ").ToList();
        chat.Model.Script.Tokens = tokens;
        chat.Model.Script.TokenDelay = TimeSpan.FromMilliseconds(60);

        // Read the turn and two pieces, then close the connection, as a closed tab does.
        var read = new List<SseEvent>();
        using (var response = await user.SendReadingEventsAsync(conversationId, "Tell me more"))
        {
            await foreach (var e in ChatSteps.EventsAsync(response))
            {
                Assert.Null(e.Name); // the reply cannot have finished after two pieces
                read.Add(e);
                if (read.Count == 3)
                {
                    break;
                }
            }
        }
        var article = Parser.ParseDocument(read[0].Data).QuerySelector("article.is-streaming")!;
        var replyId = Guid.ParseExact(article.Id!["m-".Length..], "N");
        // The turn holds the text written before it was read; the pieces carry on from there.
        var seen = article.QuerySelector(".reply--raw")!.TextContent
            + string.Concat(read.Skip(1).Select(e => WebUtility.HtmlDecode(e.Data[(e.Data.IndexOf('>') + 1)..^"</hx-partial>".Length])));

        // More is written while nobody listens; a reload resumes from the last event it had (Last-Event-ID).
        await chat.App.WaitForSavedAsync(replyId, m => m.Content.Length > seen.Length);
        using var resumed = await user.OpenEventsAsync($"/chat/{conversationId}/generations/{replyId}/events", lastEventId: read[^1].Id);
        var rest = await ChatSteps.ReadEventsAsync(resumed);

        Assert.Equal(string.Concat(tokens), seen + StreamSteps.TextOf(rest));
        Assert.Equal("Complete", rest[^1].Data);
        var saved = await chat.App.WaitForReplyAsync(replyId);
        Assert.Equal(MessageStatus.Complete, saved.Status);
        Assert.Equal(string.Concat(tokens), saved.Content);
    }

    [Fact]
    public async Task ASendAnsweredWithItsReplyAlreadyEndedSaysHowItEndedInTheStatusRegion()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var conversationId = (await user.StartChatAsync("Hello")).ConversationId();
        var chatPage = await user.GetAsync($"/chat/{conversationId}");
        using (var first = await user.Http.SendAsync(ChatSteps.ComposerPost(chatPage, "Once", acceptEvents: true)))
        {
            await first.Content.ReadAsStringAsync();
        }
        var replyId = (await chat.App.MessagesAsync(conversationId)).Last().Id;
        await chat.App.WaitForReplyAsync(replyId);

        // The same form again (a retry): the answer draws the turn it started, whose reply ended before it was drawn.
        using var again = await user.Http.SendAsync(ChatSteps.ComposerPost(chatPage, "Once", acceptEvents: true));
        var html = await Parser.ParseDocumentAsync(await again.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.NotNull(html.QuerySelector($"#m-{replyId:N}:not(.is-streaming)"));
        var said = Assert.Single(html.QuerySelectorAll("#chat-status > *"));
        Assert.Equal("The reply is complete.", said.GetAttribute("data-announce"));
        Assert.Equal("", said.TextContent);
        // A page merely loaded announces nothing.
        var loaded = await user.GetAsync($"/chat/{conversationId}");
        Assert.Equal("", loaded.Find("#chat-status")!.InnerHtml.Trim());
    }

    [Theory]
    [InlineData("", "Write a message first.")]
    [InlineData("busy", "A reply is still being written in this chat.")]
    public async Task ARefusedSendIsAnsweredWithItsErrorsForBesideTheComposerNotWithAStream(string text, string error)
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var conversationId = (await user.StartChatAsync("Hello")).ConversationId();
        HttpResponseMessage? first = null;
        if (text == "busy")
        {
            chat.Model.Script.FirstTokenDelay = FakeScript.Forever;
            first = await user.SendReadingEventsAsync(conversationId, "Take your time");
        }

        using var refused = await user.SendReadingEventsAsync(conversationId, text);
        var body = await refused.Content.ReadAsStringAsync();

        // htmx swaps an HTML answer itself: HX-Retarget puts the summary beside the composer, as without streams.
        Assert.Equal("text/html", refused.Content.Headers.ContentType!.MediaType);
        Assert.Equal("#composer-errors", refused.Headers.GetValues("HX-Retarget").Single());
        Assert.Equal("innerHTML", refused.Headers.GetValues("HX-Reswap").Single());
        var summary = (await Parser.ParseDocumentAsync(body)).QuerySelector("[role=alert]")!;
        Assert.Contains(error, summary.TextContent, StringComparison.Ordinal);
        first?.Dispose();
    }
}

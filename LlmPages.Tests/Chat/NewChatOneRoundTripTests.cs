using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure.FakeModels;
using LlmPages.Tests.Projects;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Chat;

/// <summary>
/// The first message of a new chat sent with htmx in one round trip, as the next message of a chat is: the answer is
/// an event stream whose first event morphs the page's &lt;main&gt; into the new chat's page (and HX-Push-Url moves
/// the address to it), then the reply's events. Refusals stay HTML for beside the composer.
/// </summary>
public sealed class NewChatOneRoundTripTests
{
    private static readonly HtmlParser Parser = new();

    [Fact]
    public async Task TheAnswerIsTheChatsPageForMainThenTheReplysPiecesThenTheDoneEvent()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        // The model waits until the page has been read, so every piece of the reply comes as an event.
        var pageRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        chat.Model.Script.Tokens = ["One", " <b>two</b>", "\n & three"];
        chat.Model.Script.HoldBeforeFirstToken = pageRead.Task;
        chat.Model.Script.TokenDelay = TimeSpan.FromMilliseconds(50);

        using var response = await user.StartChatReadingEventsAsync("Hello there");
        var events = new List<SseEvent>();
        await foreach (var e in ChatSteps.EventsAsync(response))
        {
            events.Add(e);
            pageRead.TrySetResult();
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var conversationId = Assert.Single(await chat.App.WithDbAsync(db => db.Conversations.Select(c => c.Id).ToListAsync()));
        Assert.Equal($"/chat/{conversationId}", response.Headers.GetValues("HX-Push-Url").Single());
        // First the page: its title, and the inside of <main> for htmx to morph into (no id: not a piece of the reply).
        var page = events[0];
        Assert.Null(page.Name);
        Assert.Null(page.Id);
        var html = await Parser.ParseDocumentAsync(page.Data);
        Assert.Equal("Hello there · LlmPages", html.QuerySelector("title")!.TextContent);
        var partial = html.QuerySelector("hx-partial")!;
        Assert.Equal(("#main", "innerMorph"), (partial.GetAttribute("hx-target"), partial.GetAttribute("hx-swap")));
        Assert.Null(html.QuerySelector("main, header.site-header, footer"));
        Assert.Equal("Hello there", partial.QuerySelector("h1#chat-title")!.TextContent);
        Assert.Equal("Hello there", partial.QuerySelector(".chat-list a[aria-current=page]")!.TextContent);
        Assert.NotNull(partial.QuerySelector($"#writing-{conversationId:N}"));
        // The composer is the chat's, for the next message, with the same htmx attributes as the one that sent
        // (a morph keeps it, and the stream its request reads), and the message box ready and focused.
        var composer = partial.QuerySelector("form#composer")!;
        Assert.Equal($"/chat/{conversationId}", composer.GetAttribute("action"));
        Assert.Equal(HtmxAttributes((await user.GetAsync("/chat")).Find("#composer")!), HtmxAttributes(composer));
        Assert.NotNull(composer.QuerySelector($"button[formaction='/chat/{conversationId}?handler=settings']"));
        var box = composer.QuerySelector("textarea#Input_Text")!;
        Assert.Equal(("", true), (box.TextContent, box.HasAttribute("autofocus")));
        Assert.Equal("Hello there", partial.QuerySelector("article.message--user .message__text")!.TextContent);
        // The reply's events are in this answer: its article opens no stream, and asks for its finished self when
        // this answer ends.
        var reply = partial.QuerySelector("article.message--assistant.is-streaming[aria-busy=true]")!;
        Assert.DoesNotContain(reply.QuerySelectorAll("div"), d => d.HasAttribute("hx-sse:connect"));
        Assert.Equal("htmx:sse:close from:#composer", reply.GetAttribute("hx-trigger"));
        var raw = reply.QuerySelector(".reply--raw")!;
        Assert.Equal("", raw.TextContent);

        // Then the reply's pieces, numbered as on GET .../events, each appending escaped text to the raw text.
        var pieces = events.Skip(1).Where(e => e.Name is null).ToList();
        Assert.NotEmpty(pieces);
        var ids = pieces.Select(e => int.Parse(e.Id!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids.Order().Distinct(), ids);
        var open = $"<hx-partial hx-target=\"#{raw.Id}\" hx-swap=\"beforeend\">";
        Assert.All(pieces, p =>
        {
            Assert.StartsWith(open, p.Data, StringComparison.Ordinal);
            Assert.EndsWith("</hx-partial>", p.Data, StringComparison.Ordinal);
        });
        Assert.Equal("One <b>two</b>\n & three", string.Concat(pieces.Select(p => WebUtility.HtmlDecode(p.Data[open.Length..^"</hx-partial>".Length]))));
        // Last, the one final event with the saved status.
        var done = Assert.Single(events, e => e.Name == "reply-done");
        Assert.Same(done, events[^1]);
        Assert.Equal("Complete", done.Data);
        Assert.Equal("One <b>two</b>\n & three".Length.ToString(CultureInfo.InvariantCulture), done.Id);
    }

    [Fact]
    public async Task WithoutEventStreamsTheAnswerIsThePageForMainWhoseReplyOpensItsOwnStream()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        chat.Model.Script.FirstTokenDelay = FakeScript.Forever;

        using var request = ChatSteps.ComposerPost(await user.GetAsync("/chat"), "Hello there", acceptEvents: false);
        var answer = await user.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("text/html", answer.Response.Content.Headers.ContentType!.MediaType);
        var conversationId = answer.ConversationId();
        Assert.Equal($"/chat/{conversationId}", answer.Header("HX-Push-Url"));
        var partial = answer.Find("hx-partial[hx-target='#main'][hx-swap=innerMorph]")!;
        var stream = partial.QuerySelector("article.is-streaming div[hx-sse\\:connect]")!;
        Assert.StartsWith($"/chat/{conversationId}/generations/", stream.GetAttribute("hx-sse:connect"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASenderWhoLeavesMidReplyLeavesItBeingWrittenAndSavedAndAReaderResumesItExactly()
    {
        await using var chat = await ChatApp.StartAsync(kestrel: true);
        using var user = await chat.NewUserAsync();
        var tokens = Enumerable.Range(1, 12).Select(i => $"w{i} ").ToList();
        chat.Model.Script.Tokens = tokens;
        // The model waits before its first token (so the page comes first, without text), after it (so the reader takes
        // one piece and leaves), and before its last (so the reply is still being written when the reader comes back).
        var (first, second, last) = (NewGate(), NewGate(), NewGate());
        chat.Model.Script.HoldBeforeFirstToken = first.Task;
        chat.Model.Script.HoldAfterFirstToken = second.Task;
        chat.Model.Script.HoldBeforeLastToken = last.Task;

        // Read the page and one piece, then close the connection, as a closed tab does.
        var read = new List<SseEvent>();
        using (var response = await user.StartChatReadingEventsAsync("Hello"))
        {
            await foreach (var e in ChatSteps.EventsAsync(response))
            {
                Assert.Null(e.Name); // the reply cannot have finished
                read.Add(e);
                first.TrySetResult();
                if (read.Count == 2)
                {
                    break;
                }
            }
        }
        second.SetResult();
        var page = Parser.ParseDocument(read[0].Data);
        var article = page.QuerySelector("article.is-streaming")!;
        var replyId = Guid.ParseExact(article.Id!["m-".Length..], "N");
        var conversationId = Guid.Parse(page.QuerySelector("#composer")!.GetAttribute("action")!["/chat/".Length..]);
        // The page holds the text written before it was read; the pieces carry on from there.
        var seen = article.QuerySelector(".reply--raw")!.TextContent
            + string.Concat(read.Skip(1).Select(e => WebUtility.HtmlDecode(e.Data[(e.Data.IndexOf('>') + 1)..^"</hx-partial>".Length])));

        // More is written while nobody listens; a reload resumes from the last event it had (Last-Event-ID).
        await chat.App.WaitForSavedAsync(replyId, m => m.Content.Length > seen.Length);
        using var resumed = await user.OpenEventsAsync($"/chat/{conversationId}/generations/{replyId}/events", lastEventId: read[^1].Id);
        last.SetResult();
        var rest = await ChatSteps.ReadEventsAsync(resumed);

        Assert.Equal(string.Concat(tokens), seen + StreamSteps.TextOf(rest));
        Assert.Equal("Complete", rest[^1].Data);
        var saved = await chat.App.WaitForReplyAsync(replyId);
        Assert.Equal(MessageStatus.Complete, saved.Status);
        Assert.Equal(string.Concat(tokens), saved.Content);
    }

    [Fact]
    public async Task ANewChatSentFromAProjectsComposerIsFiledInTheProject()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false" });
        using var user = await chat.NewUserAsync();
        var projectId = await user.NewProjectAsync("Pirate research");
        // The model waits for the answer to begin: a reply that ended first would be answered as the page alone.
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        chat.Model.Script.HoldBeforeFirstToken = answered.Task;

        using var response = await user.StartChatReadingEventsAsync("Where is the treasure?", $"/chat?projectId={projectId}");
        answered.SetResult();
        var events = await ChatSteps.ReadEventsAsync(response);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var html = await Parser.ParseDocumentAsync(events[0].Data);
        var conversationId = Guid.Parse(html.QuerySelector("#composer")!.GetAttribute("action")!["/chat/".Length..]);
        Assert.Equal(projectId, (await chat.App.ConversationAsync(conversationId))!.ProjectId);
        Assert.Equal($"/projects/{projectId}", html.QuerySelector(".chat__project a")!.GetAttribute("href"));
        Assert.Equal("Complete", events[^1].Data);
    }

    [Theory]
    [InlineData("", "Write a message first.")]
    [InlineData("far too long", "the most allowed is 5")]
    public async Task ARefusedFirstMessageIsAnsweredWithItsErrorsForBesideTheComposerNotWithAStream(string text, string error)
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Chat:MaxMessageLength"] = "5" });
        using var user = await chat.NewUserAsync();

        using var refused = await user.StartChatReadingEventsAsync(text);
        var body = await refused.Content.ReadAsStringAsync();

        Assert.Equal("text/html", refused.Content.Headers.ContentType!.MediaType);
        Assert.Equal("#composer-errors", refused.Headers.GetValues("HX-Retarget").Single());
        Assert.Equal("innerHTML", refused.Headers.GetValues("HX-Reswap").Single());
        Assert.False(refused.Headers.Contains("HX-Push-Url"));
        var summary = (await Parser.ParseDocumentAsync(body)).QuerySelector("[role=alert]")!;
        Assert.Contains(error, summary.TextContent, StringComparison.Ordinal);
        Assert.Empty(await chat.App.WithDbAsync(db => db.Conversations.ToListAsync()));
    }

    [Fact]
    public async Task AFirstMessageOverTheMessageRateIsRefusedBesideTheComposer()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?>
        {
            ["LlmPages:Web:MessagesPerWindow"] = "1",
            ["LlmPages:Web:MessageWindow"] = "00:10:00",
        });
        using var user = await chat.NewUserAsync();
        await user.StartChatAsync("One");

        using var refused = await user.StartChatReadingEventsAsync("Two");

        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        Assert.Equal("#composer-errors", refused.Headers.GetValues("HX-Retarget").Single());
        var alert = (await Parser.ParseDocumentAsync(await refused.Content.ReadAsStringAsync())).QuerySelector("[role=alert]")!;
        Assert.Contains("Too many messages", alert.TextContent, StringComparison.Ordinal);
    }

    /// <summary>The element's htmx attributes (hx-...), sorted: a morph that changes one sets the element up again.</summary>
    private static List<string> HtmxAttributes(IElement element) =>
        [.. element.Attributes.Where(a => a.Name.StartsWith("hx-", StringComparison.Ordinal)).Select(a => $"{a.Name}={a.Value}").Order(StringComparer.Ordinal)];

    private static TaskCompletionSource NewGate() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

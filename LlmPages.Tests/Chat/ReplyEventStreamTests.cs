using LlmPages.Data.Entities;

namespace LlmPages.Tests.Chat;

/// <summary>The reply's Server-Sent Events: what a reader receives, in what order, and how it resumes.</summary>
public sealed class ReplyEventStreamTests
{
    [Fact]
    public async Task TheStreamSendsNumberedEscapedTextThenOneDoneEventWithTheStatus()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        // Slow enough that the stream is opened while the reply is still being written.
        var reply = await chat.SendWhileScriptedAsync(user, s =>
        {
            s.Tokens = ["One", " <b>two</b>", " & three"];
            s.FirstTokenDelay = TimeSpan.FromMilliseconds(300);
            s.TokenDelay = TimeSpan.FromMilliseconds(100);
        });

        using var response = await user.OpenEventsAsync(reply.EventsUrl);
        var events = await ChatSteps.ReadEventsAsync(response);

        Assert.StartsWith("text/event-stream", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var text = events.Where(e => e.Name is null).ToList();
        Assert.NotEmpty(text);
        // Ids are the length of the text up to the end of each batch: strictly increasing, ending at the whole text's.
        var ids = text.Select(e => int.Parse(e.Id!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids.Order().Distinct(), ids);
        Assert.Equal("One <b>two</b> & three".Length, ids[^1]);
        // Model text is escaped for htmx to append as HTML: markup arrives as text.
        Assert.DoesNotContain(text, e => e.Data.Contains("<b>", StringComparison.Ordinal));
        Assert.Equal("One <b>two</b> & three", StreamSteps.TextOf(text));
        // Exactly one final event, last, carrying the saved status.
        var done = Assert.Single(events, e => e.Name == "reply-done");
        Assert.Same(done, events[^1]);
        Assert.Equal("Complete", done.Data);
        Assert.Equal("22", done.Id); // the whole text's length
    }

    [Fact]
    public async Task TheStreamOfAFinishedReplyIsOnlyTheDoneEvent()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var reply = await chat.SendWhileScriptedAsync(user, s => s.Tokens = ["Quick"]);
        // Gone from memory too: a reader who comes while the hub still holds it is replayed its text from their point.
        await chat.App.WaitForReplyLetGoAsync(reply.ReplyId);

        using var response = await user.OpenEventsAsync(reply.EventsUrl);
        var events = await ChatSteps.ReadEventsAsync(response);

        // A reload after the end must not replay text the page already shows from the database.
        var done = Assert.Single(events);
        Assert.Equal("reply-done", done.Name);
        Assert.Equal("Complete", done.Data);
    }

    [Fact]
    public async Task ReconnectingWithLastEventIdReplaysNothingTwiceAndMissesNothing()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var tokens = Enumerable.Range(1, 12).Select(i => $"w{i} ").ToList();
        var reply = await chat.SendWhileScriptedAsync(user, s =>
        {
            s.Tokens = tokens;
            s.FirstTokenDelay = TimeSpan.FromMilliseconds(200);
            s.TokenDelay = TimeSpan.FromMilliseconds(60);
        });

        // Read a couple of batches, then drop the connection.
        var before = new List<SseEvent>();
        using (var first = await user.OpenEventsAsync(reply.EventsUrl))
        {
            await foreach (var e in ChatSteps.EventsAsync(first))
            {
                Assert.Null(e.Name); // the reply cannot have finished after two pieces
                before.Add(e);
                if (before.Count == 2)
                {
                    break;
                }
            }
        }
        var seen = StreamSteps.TextOf(before);
        // More is written while nobody listens: the resumed stream must bring it.
        await chat.App.WaitForSavedAsync(reply.ReplyId, m => m.Content.Length > seen.Length);

        // The page's own ?after=0 is still in the URL; the header wins, as a browser's reconnect relies on.
        using var second = await user.OpenEventsAsync(reply.EventsUrl.Split('?')[0] + "?after=0", lastEventId: before[^1].Id);
        var after = await ChatSteps.ReadEventsAsync(second);

        var ids = before.Concat(after.Where(e => e.Name is null)).Select(e => int.Parse(e.Id!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids.Order().Distinct(), ids);
        Assert.Equal(string.Concat(tokens), seen + StreamSteps.TextOf(after));
        Assert.Equal("Complete", after[^1].Data);
        Assert.Equal(MessageStatus.Complete, (await chat.App.WaitForReplyAsync(reply.ReplyId)).Status);
    }

    [Fact]
    public async Task TheAfterParameterResumesFromThePagesSnapshot()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var tokens = Enumerable.Range(1, 8).Select(i => $"p{i} ").ToList();
        var reply = await chat.SendWhileScriptedAsync(user, s =>
        {
            s.Tokens = tokens;
            s.FirstTokenDelay = TimeSpan.FromMilliseconds(200);
            s.TokenDelay = TimeSpan.FromMilliseconds(60);
        });

        // Events are numbered by the length of the text up to their end: the first three pieces are 9 characters.
        using var response = await user.OpenEventsAsync(reply.EventsUrl.Split('?')[0] + "?after=9");
        var events = await ChatSteps.ReadEventsAsync(response);

        // The page already shows the first three pieces; the stream brings exactly the rest.
        Assert.Equal(string.Concat(tokens.Skip(3)), StreamSteps.TextOf(events));
        Assert.Equal("Complete", events[^1].Data);
    }

    [Fact]
    public async Task AnotherPersonCannotFollowTheReply()
    {
        await using var chat = await ChatApp.StartAsync();
        using var owner = await chat.NewUserAsync("Owner");
        using var stranger = await chat.NewUserAsync("Stranger");
        var reply = await chat.SendWhileScriptedAsync(owner, s => s.TokenDelay = TimeSpan.FromMilliseconds(50));

        using var response = await stranger.Http.GetAsync(reply.EventsUrl);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }
}

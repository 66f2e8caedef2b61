using LlmPages.Data.Entities;
using LlmPages.Tests.Infrastructure.FakeModels;

namespace LlmPages.Tests.Chat;

/// <summary>
/// Every way a reply can end early saves what was written so far, with a status and (when something went wrong)
/// the reason in plain words, and tells the event stream's readers how it ended.
/// </summary>
public sealed class ReplyEndingTests
{
    [Fact]
    public async Task AServerThatDropsTheConnectionMidStreamLeavesAFailedReplyWithItsText()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var reply = await chat.SendWhileScriptedAsync(user, s =>
        {
            s.Tokens = ["Kept ", "text", " lost"];
            s.DropAfterTokens = 2;
        });

        var saved = await chat.App.WaitForReplyAsync(reply.ReplyId);

        Assert.Equal(MessageStatus.Failed, saved.Status);
        Assert.Equal("Kept text", saved.Content);
        Assert.Equal("The server closed the connection before the reply was complete.", saved.Error);
    }

    [Fact]
    public async Task AServerErrorBeforeAnyTextLeavesAFailedEmptyReplyWithTheReason()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var reply = await chat.SendWhileScriptedAsync(user, s => s.FailWithStatus = 500);

        var saved = await chat.App.WaitForReplyAsync(reply.ReplyId);

        Assert.Equal(MessageStatus.Failed, saved.Status);
        Assert.Equal("", saved.Content);
        Assert.Equal("The server answered 500 Internal Server Error: “The server had an error while processing your request.”.", saved.Error);
    }

    [Fact]
    public async Task AStallMidStreamFailsAfterTheIdleTimeoutKeepingTheText()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Llm:IdleTimeout"] = "00:00:00.300" });
        using var user = await chat.NewUserAsync();
        // The first piece arrives, then the server goes quiet for good.
        var reply = await chat.SendWhileScriptedAsync(user, s =>
        {
            s.Tokens = ["Started", " never sent"];
            s.TokenDelay = FakeScript.Forever;
        });

        var saved = await chat.App.WaitForReplyAsync(reply.ReplyId);

        Assert.Equal(MessageStatus.Failed, saved.Status);
        Assert.Equal("Started", saved.Content);
        Assert.Equal("The server stopped sending the reply for 0.3 seconds.", saved.Error);
    }

    [Fact]
    public async Task AServerThatNeverStartsFailsAfterTheFirstTokenTimeout()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Llm:FirstTokenTimeout"] = "00:00:00.300" });
        using var user = await chat.NewUserAsync();
        var reply = await chat.SendWhileScriptedAsync(user, s => s.FirstTokenDelay = FakeScript.Forever);

        var saved = await chat.App.WaitForReplyAsync(reply.ReplyId);

        Assert.Equal(MessageStatus.Failed, saved.Status);
        Assert.Equal("", saved.Content);
        Assert.Equal("The server did not answer within 0.3 seconds.", saved.Error);
    }

    [Fact]
    public async Task StoppingWithHtmxKeepsTheTextAndTellsTheStreamStopped()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var reply = await chat.SendWhileScriptedAsync(user, s =>
        {
            s.Tokens = ["Half a thought", " never sent"];
            s.TokenDelay = FakeScript.Forever;
        });
        using var events = await user.OpenEventsAsync(reply.EventsUrl);
        // Stop only once the first piece is out, so there is text to keep.
        await chat.App.WaitForSavedAsync(reply.ReplyId, m => m.Content.Length > 0);

        using var stop = await user.StopWithHtmxAsync(reply);
        var received = await ChatSteps.ReadEventsAsync(events);

        Assert.Equal(System.Net.HttpStatusCode.NoContent, stop.StatusCode);
        Assert.Equal("Stopped", received[^1].Data);
        Assert.Equal("Half a thought", StreamSteps.TextOf(received));
        var saved = await chat.App.WaitForReplyAsync(reply.ReplyId);
        Assert.Equal(MessageStatus.Stopped, saved.Status);
        Assert.Equal("Half a thought", saved.Content);
        Assert.Null(saved.Error);
    }

    [Fact]
    public async Task StoppingWithoutJavaScriptReturnsToTheChatShowingTheStoppedReply()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var reply = await chat.SendWhileScriptedAsync(user, s =>
        {
            s.Tokens = ["Half a thought", " never sent"];
            s.TokenDelay = FakeScript.Forever;
        });
        await chat.App.WaitForSavedAsync(reply.ReplyId, m => m.Content.Length > 0);
        var page = await user.GetAsync($"/chat/{reply.ConversationId}");

        // The Stop button of the reply being written, as the page shows it.
        var after = await user.SubmitAsync(page, $"#m-{reply.ReplyId:N} form[action='{reply.StopUrl}']");

        Assert.Equal(System.Net.HttpStatusCode.OK, after.Status);
        Assert.Equal($"/chat/{reply.ConversationId}", after.Url.AbsolutePath);
        var article = after.Find($"#m-{reply.ReplyId:N}")!;
        Assert.Contains("message--stopped", article.ClassList);
        Assert.Contains("Half a thought", article.QuerySelector(".reply")!.TextContent);
        Assert.Contains("You stopped this reply; what was written is kept.", article.QuerySelector(".message__note")!.TextContent);
        Assert.Equal(MessageStatus.Stopped, (await chat.App.WaitForReplyAsync(reply.ReplyId)).Status);
    }

    [Fact]
    public async Task AFailedReplyShowsTheReasonAndARetryButton()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var reply = await chat.SendWhileScriptedAsync(user, s =>
        {
            s.Tokens = ["Kept ", "text", " lost"];
            s.DropAfterTokens = 2;
        });
        await chat.App.WaitForReplyAsync(reply.ReplyId);

        var page = await user.GetAsync($"/chat/{reply.ConversationId}");

        var article = page.Find($"#m-{reply.ReplyId:N}")!;
        Assert.Contains("message--failed", article.ClassList);
        Assert.Equal("Kept text", article.QuerySelector(".reply")!.TextContent.Trim());
        var problem = article.QuerySelector(".message__problem[class*=alert--error]")!;
        Assert.Contains("The reply failed part-way; what was written is kept.", problem.TextContent);
        Assert.Contains("The server closed the connection before the reply was complete.", problem.TextContent);
        var retry = article.QuerySelector($"form[action='/chat/{reply.ConversationId}/messages/{reply.ReplyId}/regenerate'] button")!;
        Assert.StartsWith("Retry", retry.TextContent.Trim(), StringComparison.Ordinal);
        // Without JavaScript the button must work on its own: the form carries its token.
        Assert.NotNull(retry.Closest("form")!.QuerySelector("input[name=__RequestVerificationToken]"));
    }

    [Theory]
    [MemberData(nameof(Llm.LlmServices.Kinds), MemberType = typeof(Llm.LlmServices))]
    public async Task AnErrorInsideTheStreamFailsTheReplyKeepingItsTextAndShowsTheServersWordsAsText(ProviderKind kind)
    {
        const string Said = "<script>alert(1)</script> Upstream overloaded";
        await using var chat = await ChatApp.StartAsync(kind: kind);
        using var user = await chat.NewUserAsync();
        var reply = await chat.SendWhileScriptedAsync(user, s =>
        {
            s.Tokens = ["Kept ", "text", " lost"];
            s.StreamError = new FakeStreamError(AfterTokens: 2, Said);
        });

        var saved = await chat.App.WaitForReplyAsync(reply.ReplyId);

        Assert.Equal(MessageStatus.Failed, saved.Status);
        Assert.Equal("Kept text", saved.Content);
        Assert.Equal($"The server stopped the reply with an error: “{Said}”.", saved.Error);
        var page = await user.GetAsync($"/chat/{reply.ConversationId}");
        var article = page.Find($"#m-{reply.ReplyId:N}")!;
        Assert.Equal("Kept text", article.QuerySelector(".reply")!.TextContent.Trim());
        Assert.Contains($"“{Said}”", article.QuerySelector(".message__problem")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(article.QuerySelectorAll("script"));
        Assert.DoesNotContain("<script>alert(1)", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("empty reply", article.TextContent, StringComparison.Ordinal);
        // Logged, without the server's words or the reply's text.
        var logged = Assert.Single(chat.App.Logs, l => l.Contains("LlmPages.Llm.StreamErrorHandler", StringComparison.Ordinal));
        Assert.StartsWith("Warning", logged, StringComparison.Ordinal);
        Assert.DoesNotContain(chat.App.Logs, l => l.Contains("alert(1)", StringComparison.Ordinal) || l.Contains("Kept text", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnErrorAsTheStreamsFirstEventIsAFailedReplyNotAnEmptyOne()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var reply = await chat.SendWhileScriptedAsync(user, s => s.StreamError = new FakeStreamError(AfterTokens: 0, "Model failed to load"));

        var saved = await chat.App.WaitForReplyAsync(reply.ReplyId);

        Assert.Equal((MessageStatus.Failed, ""), (saved.Status, saved.Content));
        var article = (await user.GetAsync($"/chat/{reply.ConversationId}")).Find($"#m-{reply.ReplyId:N}")!;
        Assert.Contains("The server stopped the reply with an error: “Model failed to load”.", article.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("The model sent an empty reply", article.TextContent, StringComparison.Ordinal);
    }
}

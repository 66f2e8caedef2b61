using LlmPages.Data.Entities;
using LlmPages.Tests.Infrastructure.FakeModels;

namespace LlmPages.Tests.Chat;

/// <summary>What is saved of a reply: its text while it streams, and at the end its figures and a usage log row.</summary>
public sealed class ReplySavingTests
{
    [Fact]
    public async Task ThePartialReplyIsInTheDatabaseWhileItIsStillStreaming()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var reply = await chat.SendWhileScriptedAsync(user, s =>
        {
            s.Tokens = ["Saved while streaming", " never sent"];
            s.TokenDelay = FakeScript.Forever;
        });

        // The model is stalled for good, so only the periodic save can have put this text there.
        var saved = await chat.App.WaitForSavedAsync(reply.ReplyId, m => m.Content.Length > 0);

        Assert.Equal(MessageStatus.Streaming, saved.Status);
        Assert.Equal("Saved while streaming", saved.Content);
        await user.StopWithHtmxAsync(reply);
    }

    [Fact]
    public async Task AFinishedReplySavesItsFiguresAndAUsageRow()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var reply = await chat.SendWhileScriptedAsync(user, s =>
        {
            s.Tokens = ["One", " two", " three", " four"];
            s.TokenDelay = TimeSpan.FromMilliseconds(40);
            s.Usage = new FakeUsage(12, 4);
        });

        var saved = await chat.App.WaitForReplyAsync(reply.ReplyId);

        Assert.Equal(MessageStatus.Complete, saved.Status);
        Assert.Equal(12, saved.PromptTokens);
        Assert.Equal(4, saved.CompletionTokens);
        Assert.NotNull(saved.TimeToFirstTokenMs);
        Assert.True(saved.DurationMs >= saved.TimeToFirstTokenMs, $"Duration {saved.DurationMs} ms is shorter than the first token's {saved.TimeToFirstTokenMs} ms.");
        Assert.True(saved.TokensPerSecond > 0, $"Speed {saved.TokensPerSecond}.");
        Assert.NotNull(saved.CompletedAt);
        var usage = Assert.Single(await chat.App.UsageOfAsync(reply.ReplyId));
        Assert.Equal((12, 4, MessageStatus.Complete), (usage.PromptTokens, usage.CompletionTokens, usage.Status));
        Assert.Equal(reply.ConversationId, usage.ConversationId);
        Assert.Equal(saved.ModelId, usage.ModelId);
        Assert.Equal(saved.DurationMs, usage.DurationMs);
        Assert.NotNull(usage.UserId);

        var page = await user.GetAsync($"/chat/{reply.ConversationId}");
        Assert.Contains("12 in, 4 out", page.Text($"#m-{reply.ReplyId:N} dl.metrics"));
    }

    [Fact]
    public async Task AFailedReplyIsLoggedAsFailed()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var reply = await chat.SendWhileScriptedAsync(user, s => s.FailWithStatus = 500);

        await chat.App.WaitForReplyAsync(reply.ReplyId);

        // The call happened and is counted, even though it produced nothing.
        var usage = Assert.Single(await chat.App.UsageOfAsync(reply.ReplyId));
        Assert.Equal(MessageStatus.Failed, usage.Status);
    }

    [Fact]
    public async Task ANulCharacterFromTheModelIsSavedAsTheReplacementCharacterOnEveryEngine()
    {
        // PostgreSQL refuses NUL in text; both engines store the character a browser would show for it.
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var reply = await chat.SendWhileScriptedAsync(user, s =>
        {
            s.Tokens = ["Before\0", "after"];
            s.TokenDelay = TimeSpan.FromMilliseconds(200); // one partial save with the NUL in it, at least
        });

        var saved = await chat.App.WaitForReplyAsync(reply.ReplyId);

        Assert.Equal(MessageStatus.Complete, saved.Status);
        Assert.Equal("Before\uFFFDafter", saved.Content);
        var page = await user.GetAsync($"/chat/{reply.ConversationId}");
        Assert.Contains("Before\uFFFDafter", page.Find($"#m-{reply.ReplyId:N} .reply")!.TextContent, StringComparison.Ordinal);
    }
}

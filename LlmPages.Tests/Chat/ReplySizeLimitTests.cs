using LlmPages.Data.Entities;

namespace LlmPages.Tests.Chat;

/// <summary>
/// A model that ignores its token limit cannot stream without end into memory and the database: a reply that
/// reaches <c>LlmPages:Chat:MaxReplyLength</c> ends there, kept and marked as cut, in words on the page.
/// </summary>
public sealed class ReplySizeLimitTests
{
    private static readonly Dictionary<string, string?> SmallLimit = new()
    {
        ["LlmPages:Jobs:RunServer"] = "false",
        ["LlmPages:Chat:MaxReplyLength"] = "1000",
    };

    [Fact]
    public async Task AReplyThatReachesTheLimitIsCutThereKeptAndSaidToBeCut()
    {
        await using var chat = await ChatApp.StartAsync(SmallLimit);
        using var user = await chat.NewUserAsync();
        chat.Model.Script.Tokens = [.. Enumerable.Range(0, 100).Select(i => $"Token {i:D3} of a reply that goes on and on. ")];

        var page = await user.StartChatAsync("Never stop talking");

        var reply = (await chat.App.MessagesAsync(page.ConversationId())).Single(m => m.Role == MessageRole.Assistant);
        Assert.Equal(MessageStatus.Truncated, reply.Status);
        Assert.Equal(1000, reply.Content.Length);
        Assert.StartsWith("Token 000", reply.Content, StringComparison.Ordinal);
        var article = page.Find($"#m-{reply.Id:N}")!;
        Assert.Contains("cut short at 1,000 characters", article.TextContent, StringComparison.Ordinal);
        Assert.Contains("Token 000", article.QuerySelector(".reply")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(MessageStatus.Truncated, Assert.Single(await chat.App.UsageOfAsync(reply.Id)).Status);
    }

    [Fact]
    public async Task TheCutNeverSplitsACharacterInTwo()
    {
        await using var chat = await ChatApp.StartAsync(SmallLimit);
        using var user = await chat.NewUserAsync();
        // The 1,000th character would be the first half of the emoji.
        chat.Model.Script.Tokens = [new string('a', 999) + "\U0001F600 and more"];

        var page = await user.StartChatAsync("Smile");

        var reply = (await chat.App.MessagesAsync(page.ConversationId())).Single(m => m.Role == MessageRole.Assistant);
        Assert.Equal(MessageStatus.Truncated, reply.Status);
        Assert.Equal(new string('a', 999), reply.Content);
    }

    [Fact]
    public async Task TheEventStreamEndsWithTheCutStatus()
    {
        await using var chat = await ChatApp.StartAsync(SmallLimit);
        using var user = await chat.NewUserAsync();

        // The model holds the reply until the stream is open: a reply finished before would be answered with its end only.
        var streamOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reply = await chat.SendWhileScriptedAsync(user, s =>
        {
            s.Tokens = [new string('b', 600), new string('c', 600), "never sent"];
            s.HoldBeforeFirstToken = streamOpen.Task;
        });
        using var response = await user.OpenEventsAsync(reply.EventsUrl);
        streamOpen.SetResult();
        var events = await ChatSteps.ReadEventsAsync(response);

        Assert.Equal(new string('b', 600) + new string('c', 400), StreamSteps.TextOf(events));
        Assert.Equal("Truncated", events[^1].Data);
    }

    [Fact]
    public async Task AReplyUnderTheLimitIsComplete()
    {
        await using var chat = await ChatApp.StartAsync(SmallLimit);
        using var user = await chat.NewUserAsync();
        chat.Model.Script.Tokens = [new string('d', 998)];

        var page = await user.StartChatAsync("Almost");

        var reply = (await chat.App.MessagesAsync(page.ConversationId())).Single(m => m.Role == MessageRole.Assistant);
        Assert.Equal(MessageStatus.Complete, reply.Status);
    }
}

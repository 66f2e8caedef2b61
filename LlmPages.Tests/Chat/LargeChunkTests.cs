using LlmPages.Data.Entities;

namespace LlmPages.Tests.Chat;

/// <summary>
/// A model may send tens of kilobytes, or megabytes, in one chunk. Every path delivers it whole: the no-JS page
/// streamed over real Kestrel (which refuses synchronous writes), the event stream, and the saved chat page.
/// </summary>
public sealed class LargeChunkTests
{
    private static readonly Dictionary<string, string?> RoomForBigReplies = new()
    {
        ["LlmPages:Jobs:RunServer"] = "false",
        ["LlmPages:Chat:MaxReplyLength"] = "4000000",
    };

    [Theory]
    [InlineData(70_000)]
    [InlineData(1_500_000)]
    public async Task OneHugeChunkReachesTheNoJsPageWholeAndIsSaved(int size)
    {
        await using var chat = await ChatApp.StartAsync(RoomForBigReplies, kestrel: true);
        using var user = await chat.NewUserAsync();
        var chunk = Chunk(size);
        chat.Model.Script.Tokens = [chunk];

        var page = await user.StartChatAsync("Write a lot");

        var reply = (await chat.App.MessagesAsync(page.ConversationId())).Single(m => m.Role == MessageRole.Assistant);
        Assert.Equal(MessageStatus.Complete, reply.Status);
        Assert.Equal(chunk, reply.Content);
        Assert.Equal(chunk, page.Find(".is-draft .reply--raw")!.TextContent);
        Assert.Contains("the end.", page.Find($"#m-{reply.Id:N} .reply")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Find("#composer")); // the rest of the page came after the reply
        Assert.DoesNotContain(chat.App.Logs, line => line.Contains("Synchronous operations", StringComparison.Ordinal));

        var reloaded = await user.GetAsync($"/chat/{page.ConversationId()}");
        Assert.Contains("the end.", reloaded.Find($"#m-{reply.Id:N} .reply")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(70_000)]
    [InlineData(1_500_000)]
    public async Task OneHugeChunkReachesTheEventStreamWhole(int size)
    {
        await using var chat = await ChatApp.StartAsync(RoomForBigReplies, kestrel: true);
        using var user = await chat.NewUserAsync();
        var chunk = Chunk(size);

        var reply = await chat.SendWhileScriptedAsync(user, s => s.Tokens = [chunk]);
        using var response = await user.OpenEventsAsync(reply.EventsUrl);
        var events = await ChatSteps.ReadEventsAsync(response);

        Assert.Equal(chunk, StreamSteps.TextOf(events));
        Assert.Equal("Complete", events[^1].Data);
    }

    /// <summary>Text with Markdown and characters that must be escaped, ending in a marker.</summary>
    private static string Chunk(int size)
    {
        const string line = "A line with <angle> brackets & an **ampersand**, repeated.\n";
        var text = string.Concat(Enumerable.Repeat(line, size / line.Length));
        return text + "And that is the end.";
    }
}

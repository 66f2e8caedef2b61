using LlmPages.Data.Entities;

namespace LlmPages.Tests.Chat;

/// <summary>The chat turn end to end without JavaScript: the reply is streamed into the page and saved.</summary>
public sealed class ChatSmokeTests
{
    [Fact]
    public async Task ANewChatShowsTheFinishedReplyAndSavesIt()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();

        var page = await user.StartChatAsync("Say hello");

        Assert.Equal(System.Net.HttpStatusCode.OK, page.Status);
        var id = page.ConversationId();
        var messages = await chat.App.MessagesAsync(id);
        Assert.Equal([MessageRole.User, MessageRole.Assistant], messages.Select(m => m.Role));
        var reply = messages[1];
        Assert.Equal(MessageStatus.Complete, reply.Status);
        Assert.Equal("Hello, world!", reply.Content);
        Assert.Contains("Hello, world!", page.Text($"#m-{reply.Id:N} .reply"));
    }
}

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

    [Fact]
    public async Task AServerThatIgnoresStreamingStillGivesAWholeSavedReplyWithItsCounts()
    {
        await using var chat = await ChatApp.StartAsync();
        var server = Assert.IsType<Infrastructure.FakeModels.FakeOpenAiServer>(chat.Model);
        server.IgnoresStream = true;
        server.Script.Tokens = ["All ", "of it ", "at once."];
        server.Script.Usage = new Infrastructure.FakeModels.FakeUsage(11, 4);
        using var user = await chat.NewUserAsync();

        var page = await user.StartChatAsync("Say it all");

        // The reply's request is the first: the new chat's title job asks the same model, without streaming, after it.
        var replyRequest = server.Requests.First(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal));
        Assert.True(replyRequest.Body!["stream"]!.GetValue<bool>()); // asked to stream; answered whole
        var reply = (await chat.App.MessagesAsync(page.ConversationId()))[1];
        Assert.Equal(MessageStatus.Complete, reply.Status);
        Assert.Equal("All of it at once.", reply.Content);
        Assert.Equal((11, 4), (reply.PromptTokens!.Value, reply.CompletionTokens!.Value));
        Assert.Contains("All of it at once.", page.Text($"#m-{reply.Id:N} .reply"));
    }
}

using LlmPages.Data.Entities;
using LlmPages.Tests.Infrastructure.FakeModels;

namespace LlmPages.Tests.Chat;

/// <summary>A chat writes one reply at a time: sending again while a reply is being written is refused, plainly.</summary>
public sealed class OneReplyAtATimeTests
{
    private const string Busy = "A reply is still being written in this chat. Wait for it to finish, or stop it, before sending another message.";

    [Fact]
    public async Task ASecondSendWithHtmxWhileAReplyIsStreamingIsRefusedBesideTheComposer()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var reply = await chat.SendWhileScriptedAsync(user, s => s.FirstTokenDelay = FakeScript.Forever);
        var before = (await chat.App.MessagesAsync(reply.ConversationId)).Count;

        var refused = await user.SendWithHtmxAsync(reply.ConversationId, "And another thing");

        Assert.Equal("#composer-errors", refused.Header("HX-Retarget"));
        Assert.Contains(Busy, refused.Html, StringComparison.Ordinal);
        Assert.Equal(before, (await chat.App.MessagesAsync(reply.ConversationId)).Count);
        await user.StopWithHtmxAsync(reply);
    }

    [Fact]
    public async Task ASecondSendWithoutJavaScriptKeepsTheTextAndSaysWhy()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var reply = await chat.SendWhileScriptedAsync(user, s => s.FirstTokenDelay = FakeScript.Forever);

        var refused = await user.SendAsync(reply.ConversationId, "And another thing");

        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Equal(Busy, refused.Text("#Input_Text-error"));
        Assert.Equal("And another thing", refused.Text("#Input_Text"));
        var messages = await chat.App.MessagesAsync(reply.ConversationId);
        Assert.DoesNotContain(messages, m => m.Content == "And another thing");
        Assert.Single(messages, m => m.Status == MessageStatus.Streaming);
        await user.StopWithHtmxAsync(reply);
    }

    [Fact]
    public async Task OnceTheReplyHasEndedTheNextMessageIsSent()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var reply = await chat.SendWhileScriptedAsync(user, s => s.FirstTokenDelay = FakeScript.Forever);
        await user.StopWithHtmxAsync(reply);
        await chat.App.WaitForReplyAsync(reply.ReplyId);
        chat.Model.Script.FirstTokenDelay = TimeSpan.Zero;

        // The claim on the chat is given back when the reply ends, however it ended.
        var page = await user.SendAsync(reply.ConversationId, "Now then");

        Assert.Equal(System.Net.HttpStatusCode.OK, page.Status);
        var last = (await chat.App.MessagesAsync(reply.ConversationId))[^1];
        Assert.Equal((MessageStatus.Complete, "Hello, world!"), (last.Status, last.Content));
    }
}

using LlmPages.Data.Entities;

namespace LlmPages.Tests.Chat;

/// <summary><c>?follow=1</c>: without JavaScript, a reply being written is streamed into the page and shown finished.</summary>
public sealed class ChatFollowTests
{
    [Fact]
    public async Task FollowingAReplyBeingWrittenShowsItFinishedWithoutComplaint()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false" });
        using var user = await chat.NewUserAsync();
        var id = (await user.StartChatAsync("Hello")).ConversationId();
        chat.Model.Script.Tokens = ["Slow", " and", " steady"];
        chat.Model.Script.FirstTokenDelay = TimeSpan.FromMilliseconds(500);
        await user.SendWithHtmxAsync(id, "Take your time");

        var page = await user.GetAsync($"/chat/{id}?follow=1");

        var reply = (await chat.App.MessagesAsync(id)).Last();
        Assert.Equal(MessageStatus.Complete, reply.Status);
        Assert.Null(page.Find("#error-summary")); // "1" is a valid value for follow
        Assert.Contains("Slow and steady", page.Text($"#m-{reply.Id:N} .reply"), StringComparison.Ordinal);
        Assert.NotNull(page.Find($"#m-{reply.Id:N} form[action$='/regenerate']"));
    }
}

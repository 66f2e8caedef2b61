using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Infrastructure.FakeModels;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Chat;

/// <summary>
/// A reply being written when the app stops is not lost: a clean shutdown saves it as interrupted, and a reply a
/// crashed process left streaming is marked interrupted at the next start. Both keep the text written so far.
/// </summary>
public sealed class ReplyRestartTests
{
    [Fact]
    public async Task ShuttingDownMidReplySavesItAsInterruptedWithItsText()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var reply = await chat.SendWhileScriptedAsync(user, s =>
        {
            s.Tokens = ["Written before", " the shutdown"];
            s.TokenDelay = FakeScript.Forever;
        });
        await chat.App.WaitForSavedAsync(reply.ReplyId, m => m.Content.Length > 0);

        chat.App.KeepDataFolder = true;
        await chat.App.DisposeAsync();
        await using var restarted = new AppFactory { DataFolder = chat.App.DataFolder };
        var saved = await restarted.WithDbAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Id == reply.ReplyId));

        Assert.Equal(MessageStatus.Interrupted, saved.Status);
        Assert.Equal("Written before", saved.Content);
        Assert.Equal("The app was shut down while this reply was being written.", saved.Error);
        var usage = Assert.Single(await restarted.UsageOfAsync(reply.ReplyId));
        Assert.Equal(MessageStatus.Interrupted, usage.Status);
    }

    [Fact]
    public async Task AReplyLeftStreamingByACrashIsMarkedInterruptedAtTheNextStart()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var page = await user.StartChatAsync("Hello");
        var replyId = (await chat.App.MessagesAsync(page.ConversationId()))[^1].Id;
        // What a process killed mid-reply leaves behind: the row still streaming, with its last partial save.
        await chat.App.WithDbAsync(db => db.Messages.Where(m => m.Id == replyId).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, MessageStatus.Streaming)
            .SetProperty(m => m.Content, "Partly saved")));

        chat.App.KeepDataFolder = true;
        await chat.App.DisposeAsync();
        await using var restarted = new AppFactory { DataFolder = chat.App.DataFolder };
        var saved = await restarted.WithDbAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Id == replyId));

        Assert.Equal(MessageStatus.Interrupted, saved.Status);
        Assert.Equal("Partly saved", saved.Content);
        Assert.Equal("The app restarted while this reply was being written.", saved.Error);
    }
}

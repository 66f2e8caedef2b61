using System.Net;
using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Instances;

/// <summary>
/// Two instances on one PostgreSQL database, one browser whose requests land on either (its cookies go to both, as a
/// load balancer sends them): the limits on replies being written and Stop do not depend on which instance answered.
/// </summary>
public sealed class SeveralInstancesTests
{
    private const string Busy = "A reply is still being written in this chat. Wait for it to finish, or stop it, before sending another message.";

    [PostgresFact]
    public async Task AChatWritingAReplyOnOneInstanceRefusesASendOnTheOther()
    {
        await using var chat = await ChatApp.StartAsync(InstanceLeaseTests.QuickLeases);
        using var second = chat.StartAnotherInstance();
        var (onFirst, onSecond) = await OnePersonOnBothAsync(chat, second);
        var release = new TaskCompletionSource();
        var reply = await chat.SendWhileScriptedAsync(onFirst, s => s.HoldAfterFirstToken = release.Task);

        var refused = await onSecond.SendWithHtmxAsync(reply.ConversationId, "And another thing");

        Assert.Equal("#composer-errors", refused.Header("HX-Retarget"));
        Assert.Contains(Busy, refused.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(await chat.App.MessagesAsync(reply.ConversationId), m => m.Content == "And another thing");
        release.SetResult();
        Assert.Equal(MessageStatus.Complete, (await chat.App.WaitForReplyAsync(reply.ReplyId)).Status);
    }

    [PostgresFact]
    public async Task ThePerPersonCapCountsRepliesBeingWrittenOnEveryInstance()
    {
        var settings = new Dictionary<string, string?>(InstanceLeaseTests.QuickLeases) { ["LlmPages:Chat:MaxConcurrentGenerationsPerUser"] = "1" };
        await using var chat = await ChatApp.StartAsync(settings);
        using var second = chat.StartAnotherInstance();
        var (onFirst, onSecond) = await OnePersonOnBothAsync(chat, second);
        var otherChat = (await onSecond.StartChatAsync("Another chat")).ConversationId();
        var release = new TaskCompletionSource();
        var reply = await chat.SendWhileScriptedAsync(onFirst, s => s.HoldAfterFirstToken = release.Task);

        var refused = await onSecond.SendWithHtmxAsync(otherChat, "One too many");

        Assert.Contains("You already have a reply being written in another chat.", refused.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(await chat.App.MessagesAsync(otherChat), m => m.Content == "One too many");
        release.SetResult();
        await chat.App.WaitForReplyAsync(reply.ReplyId);
        var accepted = await onSecond.SendWithHtmxAsync(otherChat, "Now there is room");
        Assert.Null(accepted.Header("HX-Retarget"));
    }

    [PostgresFact]
    public async Task StopOnTheOtherInstanceStopsTheReplyAndKeepsItsText()
    {
        await using var chat = await ChatApp.StartAsync(InstanceLeaseTests.QuickLeases);
        using var second = chat.StartAnotherInstance();
        var (onFirst, onSecond) = await OnePersonOnBothAsync(chat, second);
        var reply = await chat.SendWhileScriptedAsync(onFirst, s =>
        {
            s.Tokens = ["Written before", " Stop"];
            s.HoldAfterFirstToken = new TaskCompletionSource().Task; // never released: only Stop ends it
        });
        await chat.App.WaitForSavedAsync(reply.ReplyId, m => m.Content.Length > 0);

        using var stopped = await onSecond.StopWithHtmxAsync(reply);

        Assert.Equal(HttpStatusCode.NoContent, stopped.StatusCode);
        var saved = await chat.App.WaitForReplyAsync(reply.ReplyId);
        Assert.Equal((MessageStatus.Stopped, "Written before"), (saved.Status, saved.Content));
    }

    [PostgresFact]
    public async Task DeactivatingSomeoneOnTheOtherInstanceStopsTheirReplyAndKeepsItsText()
    {
        await using var chat = await ChatApp.StartAsync(InstanceLeaseTests.QuickLeases);
        using var second = chat.StartAnotherInstance();
        var (onFirst, _) = await OnePersonOnBothAsync(chat, second);
        var reply = await chat.SendWhileScriptedAsync(onFirst, s =>
        {
            s.Tokens = ["Kept words", " never"];
            s.HoldAfterFirstToken = new TaskCompletionSource().Task;
        });
        await chat.App.WaitForSavedAsync(reply.ReplyId, m => m.Content.Length > 0);
        using var admin = second.CreateHtmlClient();
        await admin.LoginAsync(AppFactory.AdminEmail);
        var userId = await chat.App.WithDbAsync(db => db.Conversations.Where(c => c.Id == reply.ConversationId).Select(c => c.OwnerId).SingleAsync());

        await admin.ConfirmAsync(userId, "deactivate");

        var saved = await chat.App.WaitForReplyAsync(reply.ReplyId);
        Assert.Equal((MessageStatus.Stopped, "Kept words"), (saved.Status, saved.Content));
    }

    /// <summary>A person registered on the first instance, and a client for each instance sharing their cookies.</summary>
    internal static async Task<(HtmlClient OnFirst, HtmlClient OnSecond)> OnePersonOnBothAsync(ChatApp chat, AppFactory second)
    {
        var cookies = new CookieContainer();
        var onFirst = chat.App.CreateHtmlClient(cookies);
        await onFirst.RegisterAsync(Infrastructure.Accounts.NewEmail("instances"), "Person on both");
        return (onFirst, second.CreateHtmlClient(cookies));
    }
}

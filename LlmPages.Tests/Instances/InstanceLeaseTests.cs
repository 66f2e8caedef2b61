using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Infrastructure.FakeModels;
using LlmPages.Tests.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Instances;

/// <summary>
/// Each instance holds a lease it renews; a reply still streaming is marked interrupted only when the instance writing
/// it has no valid lease, so starting a second instance never cuts the first one's replies, and the replies of an
/// instance that died are marked, with their saved text, once its lease has expired.
/// </summary>
public sealed class InstanceLeaseTests
{
    /// <summary>Short leases, so a dead instance is noticed within a second or two.</summary>
    public static readonly Dictionary<string, string?> QuickLeases = new()
    {
        ["LlmPages:Instances:LeaseRenewInterval"] = "00:00:00.100",
        ["LlmPages:Instances:LeaseDuration"] = "00:00:01",
    };

    [PostgresFact]
    public async Task StartingASecondInstanceLeavesTheFirstInstancesReplyStreaming()
    {
        await using var chat = await ChatApp.StartAsync(QuickLeases);
        using var user = await chat.NewUserAsync();
        var release = new TaskCompletionSource();
        var reply = await chat.SendWhileScriptedAsync(user, s =>
        {
            s.Tokens = ["Written by the first", " instance"];
            s.HoldAfterFirstToken = release.Task;
        });
        await chat.App.WaitForSavedAsync(reply.ReplyId, m => m.Content.Length > 0);

        using var second = chat.StartAnotherInstance();
        // Two renewals of the second instance's lease: a whole recovery ran between them, after its start-up's own.
        var renewals = 0;
        DateTime? seen = null;
        await MonitoringSteps.WaitUntilAsync(async () =>
        {
            var expires = await second.WithDbAsync(db => db.InstanceLeases.AsNoTracking().Select(l => (DateTime?)l.ExpiresAt)
                .OrderByDescending(e => e).FirstAsync());
            if (seen is not null && expires != seen)
            {
                renewals++;
            }
            seen = expires;
            return renewals >= 2;
        }, "the second instance to renew its lease twice");

        var meanwhile = await second.WithDbAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Id == reply.ReplyId));
        Assert.Equal(MessageStatus.Streaming, meanwhile.Status);

        release.SetResult();
        var saved = await chat.App.WaitForReplyAsync(reply.ReplyId);
        Assert.Equal(MessageStatus.Complete, saved.Status);
        Assert.Equal("Written by the first instance", saved.Content);
    }

    [Fact]
    public async Task AReplyWhoseInstanceLeaseExpiredIsMarkedInterruptedWithItsSavedText()
    {
        await using var chat = await ChatApp.StartAsync(QuickLeases);
        using var user = await chat.NewUserAsync();
        var page = await user.StartChatAsync("Hello");
        var replyId = (await chat.App.MessagesAsync(page.ConversationId()))[^1].Id;
        // What an instance that died mid-reply leaves: its lease, no longer renewed, and its reply still streaming
        // with its last partial save.
        var dead = Guid.NewGuid();
        var now = DateTime.UtcNow;
        await chat.App.WithDbAsync(async db =>
        {
            db.InstanceLeases.Add(new InstanceLease { Id = dead, StartedAt = now.AddMinutes(-5), ExpiresAt = now });
            await db.SaveChangesAsync();
            return await db.Messages.Where(m => m.Id == replyId).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, MessageStatus.Streaming)
                .SetProperty(m => m.InstanceId, dead)
                .SetProperty(m => m.Content, "Partly saved by an instance that died"));
        });

        var saved = await chat.App.WaitForReplyAsync(replyId);

        Assert.Equal(MessageStatus.Interrupted, saved.Status);
        Assert.Equal("Partly saved by an instance that died", saved.Content);
        Assert.Equal("The app restarted while this reply was being written.", saved.Error);
        // The expired lease goes too (just after the replies are marked).
        await MonitoringSteps.WaitUntilAsync(async () => !await chat.App.WithDbAsync(db => db.InstanceLeases.AnyAsync(l => l.Id == dead)), "the expired lease to be removed");
    }

    [Fact]
    public async Task ARunningInstanceKeepsItsOwnRepliesStreaming()
    {
        await using var chat = await ChatApp.StartAsync(QuickLeases);
        using var user = await chat.NewUserAsync();
        var release = new TaskCompletionSource();
        var reply = await chat.SendWhileScriptedAsync(user, s =>
        {
            s.Tokens = ["Still", " going"];
            s.HoldAfterFirstToken = release.Task;
        });
        var written = await chat.App.WaitForSavedAsync(reply.ReplyId, m => m.Content.Length > 0);
        Assert.NotNull(written.InstanceId);
        var lease = await chat.App.WithDbAsync(db => db.InstanceLeases.AsNoTracking().SingleAsync(l => l.Id == written.InstanceId));
        // Several lease durations' worth of renewals later, the reply is still its own.
        await MonitoringSteps.WaitUntilAsync(
            async () => await chat.App.WithDbAsync(db => db.InstanceLeases.AnyAsync(l => l.Id == lease.Id && l.ExpiresAt > lease.ExpiresAt.AddSeconds(2))),
            "the lease to be renewed for two more seconds");
        Assert.Equal(MessageStatus.Streaming, (await chat.App.WithDbAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Id == reply.ReplyId))).Status);

        release.SetResult();
        Assert.Equal(MessageStatus.Complete, (await chat.App.WaitForReplyAsync(reply.ReplyId)).Status);
    }
}

using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LlmPages.Instances;

/// <summary>
/// This instance's lease (<see cref="InstanceLease"/>) and the recovery of replies whose instance is gone. Several
/// instances may share a PostgreSQL database, so a reply still marked streaming may be written right now by another
/// one: only replies whose instance has no lease that is still valid (or that name no instance, from before leases)
/// are marked interrupted, keeping their last partial save. On SQLite one process owns the file, so at start-up every
/// lease left in it belongs to a run that is gone (<see cref="DatabaseEngine.ForgetEarlierInstancesAsync"/>) and
/// recovery marks every streaming reply, as before leases. Times are each instance's clock: hosts must agree to well
/// within <see cref="InstanceOptions.LeaseDuration"/>.
/// </summary>
public sealed partial class InstanceLeases(
    InstanceIdentity instance, DatabaseEngine engine, ChatSearchIndex search, IOptions<InstanceOptions> options, TimeProvider time,
    ILogger<InstanceLeases> logger)
{
    /// <summary>What a reader sees on a reply whose instance stopped (or restarted) while writing it.</summary>
    internal const string InterruptedError = "The app restarted while this reply was being written.";

    /// <summary>At start-up, before any reply is written: takes this instance's lease, then recovers what others left.</summary>
    public async Task TakeAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        await engine.ForgetEarlierInstancesAsync(db, cancellationToken);
        await HoldAsync(db, cancellationToken);
        await RecoverAsync(db, cancellationToken);
    }

    /// <summary>
    /// Extends this instance's lease. A lease another instance removed (this one was too busy to renew in time, and its
    /// replies were marked interrupted) is taken again, so it is not taken for dead from now on.
    /// </summary>
    public async Task RenewAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        if (!await HoldAsync(db, cancellationToken))
        {
            LogLeaseLost(logger, instance.Id);
        }
    }

    /// <summary>Extends the lease, or takes it when there is none; false when there was none.</summary>
    private async Task<bool> HoldAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var now = Now();
        var expires = now + options.Value.LeaseDuration;
        var renewed = await db.InstanceLeases.Where(l => l.Id == instance.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, expires), cancellationToken);
        if (renewed > 0)
        {
            return true;
        }
        db.InstanceLeases.Add(new InstanceLease { Id = instance.Id, StartedAt = now, ExpiresAt = expires });
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return false;
    }

    /// <summary>
    /// Marks interrupted every streaming reply whose instance has no valid lease, indexes them for search, and removes
    /// expired leases. Returns how many replies it marked. Safe on every instance at once.
    /// </summary>
    public async Task<int> RecoverAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var now = Now();
        var orphans = db.Messages.Where(m => m.Status == MessageStatus.Streaming
            && (m.InstanceId == null || !db.InstanceLeases.Any(l => l.Id == m.InstanceId && l.ExpiresAt > now)));
        var found = await orphans.Select(m => m.Id).ToListAsync(cancellationToken);
        var marked = 0;
        if (found.Count > 0)
        {
            marked = await orphans.Where(m => found.Contains(m.Id)).ExecuteUpdateAsync(
                s => s.SetProperty(m => m.Status, MessageStatus.Interrupted).SetProperty(m => m.Error, InterruptedError),
                cancellationToken);
            // Searchable as any ended reply is (those a concurrent recovery marked are indexed alike, twice at worst).
            var ended = await db.Messages.AsNoTracking()
                .Where(m => found.Contains(m.Id) && m.Status == MessageStatus.Interrupted)
                .Select(m => new { m.Id, m.ConversationId, m.Content })
                .ToListAsync(cancellationToken);
            foreach (var reply in ended)
            {
                await search.IndexMessageAsync(db, reply.ConversationId, reply.Id, reply.Content, cancellationToken);
            }
            if (marked > 0)
            {
                LogRepliesInterrupted(logger, marked);
            }
        }
        await db.InstanceLeases.Where(l => l.ExpiresAt <= now && l.Id != instance.Id).ExecuteDeleteAsync(cancellationToken);
        return marked;
    }

    /// <summary>On a clean stop, after this instance's replies are saved: others need not wait for the lease to expire.</summary>
    public async Task ReleaseAsync(AppDbContext db, CancellationToken cancellationToken) =>
        await db.InstanceLeases.Where(l => l.Id == instance.Id).ExecuteDeleteAsync(cancellationToken);

    private DateTime Now() => time.GetUtcNow().UtcDateTime;

    [LoggerMessage(1, LogLevel.Information, "Marked {Count} replies whose instance stopped while writing them as interrupted")]
    private static partial void LogRepliesInterrupted(ILogger logger, int count);

    [LoggerMessage(2, LogLevel.Warning, "Instance {InstanceId} found its lease expired and removed (too busy to renew it in time?); its replies may have been marked interrupted, and it takes a new lease")]
    private static partial void LogLeaseLost(ILogger logger, Guid instanceId);
}

using LlmPages.Data;
using LlmPages.Monitoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LlmPages.Jobs;

/// <summary>
/// Removes monitoring rows and audit rows older than <see cref="MonitoringOptions.RetentionDays"/>. It deletes a batch at a
/// time (<see cref="MonitoringOptions.RetentionBatchSize"/>), each its own short statement, so that a first run over
/// months of rows never holds a long lock on tables the app writes to all the time. Safe to run twice at once.
/// </summary>
public sealed class MonitoringRetentionJob(AppDbContext db, IOptions<MonitoringOptions> options, TimeProvider clock)
{
    public const string RecurringJobId = "monitoring-retention";

    /// <summary>Deletes what is past its time; returns how many rows went.</summary>
    public async Task<int> RemoveOldAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-options.Value.RetentionDays);
        var batch = options.Value.RetentionBatchSize;
        var removed = 0;
        int deleted;
        do
        {
            var ids = await db.MonitoringLogs.Where(l => l.CreatedAt < cutoff).OrderBy(l => l.Id).Select(l => l.Id).Take(batch).ToListAsync(cancellationToken);
            deleted = ids.Count == 0 ? 0 : await db.MonitoringLogs.Where(l => ids.Contains(l.Id)).ExecuteDeleteAsync(cancellationToken);
            removed += deleted;
        }
        while (deleted == batch);
        do
        {
            var ids = await db.AuditEvents.Where(e => e.CreatedAt < cutoff).OrderBy(e => e.Id).Select(e => e.Id).Take(batch).ToListAsync(cancellationToken);
            deleted = ids.Count == 0 ? 0 : await db.AuditEvents.Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken);
            removed += deleted;
        }
        while (deleted == batch);
        return removed;
    }
}

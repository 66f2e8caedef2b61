using System.Diagnostics;
using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Transfers;

/// <summary>
/// Writes a job's progress to its <see cref="ChatTransfer"/> row, which the person's progress page reads: at most
/// twice a second while it counts, and always at the start and the end. Each write is one UPDATE of its own, so the
/// page sees it at once.
/// </summary>
public sealed class TransferProgress(AppDbContext db, TimeProvider time)
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(500);
    private long lastReport = Stopwatch.GetTimestamp() - (long)(Every.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Running, with the number of chats to do (null while the job is still counting).</summary>
    public Task StartAsync(Guid id, int? total, CancellationToken cancellationToken) =>
        db.ChatTransfers.Where(t => t.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.Status, ChatTransferStatus.Running)
            .SetProperty(t => t.Total, total)
            .SetProperty(t => t.Done, 0), cancellationToken);

    public async Task CountAsync(Guid id, int done, CancellationToken cancellationToken)
    {
        if (Stopwatch.GetElapsedTime(lastReport) < Every)
        {
            return;
        }
        lastReport = Stopwatch.GetTimestamp();
        await db.ChatTransfers.Where(t => t.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.Done, done)
            .SetProperty(t => t.Total, t => t.Total < done ? done : t.Total), cancellationToken);
    }

    public Task FinishAsync(Guid id, int done, Guid? conversationId, CancellationToken cancellationToken) =>
        db.ChatTransfers.Where(t => t.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.Status, ChatTransferStatus.Done)
            .SetProperty(t => t.Done, done)
            .SetProperty(t => t.Total, done)
            .SetProperty(t => t.ConversationId, conversationId)
            .SetProperty(t => t.CompletedAt, time.GetUtcNow().UtcDateTime), cancellationToken);

    public Task FailAsync(Guid id, string error, CancellationToken cancellationToken) =>
        db.ChatTransfers.Where(t => t.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.Status, ChatTransferStatus.Failed)
            .SetProperty(t => t.Done, 0)
            .SetProperty(t => t.Error, StoredText.Clean(error.Length > 2000 ? error[..2000] : error))
            .SetProperty(t => t.CompletedAt, time.GetUtcNow().UtcDateTime), cancellationToken);
}

using LlmPages.Data;
using LlmPages.Transfers;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Jobs;

/// <summary>
/// Deletes exports and imports past their <see cref="Data.Entities.ChatTransfer.ExpiresAt"/>: their files first, then
/// their rows (a file left behind by a crash in between is deleted with its row next time). Pages already treat an
/// expired one as gone, so it does not matter when this runs. Safe to run twice at once.
/// </summary>
public sealed class ChatTransferCleanupJob(AppDbContext db, TransferFiles files, TimeProvider time)
{
    public const string RecurringJobId = "chat-transfer-cleanup";

    public async Task RemoveExpiredAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var expired = await db.ChatTransfers.AsNoTracking()
            .Where(t => t.ExpiresAt <= now)
            .Select(t => t.Id)
            .ToListAsync(cancellationToken);
        foreach (var id in expired)
        {
            files.Delete(id);
        }
        await db.ChatTransfers.Where(t => expired.Contains(t.Id)).ExecuteDeleteAsync(cancellationToken);
    }
}

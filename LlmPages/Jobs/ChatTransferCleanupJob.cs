using LlmPages.Data;
using LlmPages.Transfers;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Jobs;

/// <summary>
/// Deletes exports and imports past their <see cref="Data.Entities.ChatTransfer.ExpiresAt"/>: their files first, then
/// their rows; then any file in the <see cref="TransferStore"/> whose row is gone (a crash in between, an account
/// deleted with its rows). Pages already treat an expired one as gone, so it does not matter when this runs. Safe to
/// run twice at once.
/// </summary>
public sealed class ChatTransferCleanupJob(AppDbContext db, TransferStore files, TimeProvider time)
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
            await files.DeleteAsync(id, cancellationToken);
        }
        await db.ChatTransfers.Where(t => expired.Contains(t.Id)).ExecuteDeleteAsync(cancellationToken);

        // A row is saved before its file is created, so a file without its row is left over, never about to be used.
        var stored = await files.ListAsync(cancellationToken);
        var kept = await db.ChatTransfers.AsNoTracking().Where(t => stored.Contains(t.Id)).Select(t => t.Id).ToListAsync(cancellationToken);
        foreach (var id in stored.Except(kept))
        {
            await files.DeleteAsync(id, cancellationToken);
        }
    }
}

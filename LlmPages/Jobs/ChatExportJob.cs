using Hangfire;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Transfers;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Jobs;

/// <summary>
/// Writes all of a person's chats to one JSON file (<see cref="ChatArchive"/>) in the <see cref="TransferStore"/>, a few chats at a
/// time, counting on its row as it goes. Run again, it starts the file again; a failure leaves no file and says why.
/// Not retried by Hangfire: a person who wants another try presses the button again.
/// </summary>
public sealed partial class ChatExportJob(
    AppDbContext db, ChatExports exports, TransferStore files, TransferProgress progress, TimeProvider time, ILogger<ChatExportJob> logger)
{
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(Guid exportId, CancellationToken cancellationToken)
    {
        var export = await db.ChatTransfers.AsNoTracking()
            .FirstOrDefaultAsync(t => t.Id == exportId && t.Kind == ChatTransferKind.Export, cancellationToken);
        if (export is null || export.Status is ChatTransferStatus.Done or ChatTransferStatus.Failed)
        {
            return; // expired and removed, or done already
        }
        await progress.StartAsync(exportId, await exports.CountAsync(export.OwnerId, cancellationToken), cancellationToken);
        var done = 0;
        try
        {
            await using (var file = await files.CreateAsync(exportId, cancellationToken))
            await using (var writer = ChatArchiveWriter.Start(file, time.GetUtcNow().UtcDateTime))
            {
                await foreach (var chat in exports.AllAsync(export.OwnerId, cancellationToken))
                {
                    await writer.WriteAsync(chat, cancellationToken);
                    await progress.CountAsync(exportId, ++done, cancellationToken);
                }
                await writer.EndAsync(cancellationToken);
            }
            await progress.FinishAsync(exportId, done, null, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogExportFailed(logger, e, exportId);
            await files.DeleteAsync(exportId, CancellationToken.None);
            await progress.FailAsync(exportId, "The export could not be written. Please try again; if it fails again, tell your administrator.", CancellationToken.None);
        }
    }

    [LoggerMessage(1, LogLevel.Error, "Export {ExportId} failed")]
    private static partial void LogExportFailed(ILogger logger, Exception exception, Guid exportId);
}

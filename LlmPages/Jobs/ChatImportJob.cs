using Hangfire;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Transfers;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Jobs;

/// <summary>
/// Imports an uploaded file for its owner (<see cref="ChatImporter"/>: checked whole first, then saved, all or
/// nothing), counting on its row as it goes, then deletes the upload. A file that cannot be imported ends the row
/// as Failed with the reason, which the import page shows. Not retried by Hangfire: the same file would fail the
/// same way.
/// </summary>
public sealed partial class ChatImportJob(
    AppDbContext db, ChatImporter importer, TransferStore files, TransferProgress progress, ILogger<ChatImportJob> logger)
{
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(Guid importId, CancellationToken cancellationToken)
    {
        var import = await db.ChatTransfers.AsNoTracking()
            .FirstOrDefaultAsync(t => t.Id == importId && t.Kind == ChatTransferKind.Import, cancellationToken);
        if (import is null || import.Status is ChatTransferStatus.Done or ChatTransferStatus.Failed)
        {
            return;
        }
        async Task<Stream> OpenAsync() =>
            await files.OpenReadAsync(importId, cancellationToken) ?? throw new ImportRefusedException("The uploaded file is gone. Please upload it again.");
        try
        {
            await progress.StartAsync(importId, null, cancellationToken);
            var total = await importer.CheckAsync(OpenAsync, cancellationToken);
            await progress.StartAsync(importId, total, cancellationToken);
            var saved = await importer.SaveAsync(OpenAsync, importId, import.OwnerId, cancellationToken);
            await progress.FinishAsync(importId, saved.Count, saved.Count == 1 ? saved[0] : null, cancellationToken);
        }
        catch (ImportRefusedException e)
        {
            await progress.FailAsync(importId, e.Message, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogImportFailed(logger, e, importId);
            await progress.FailAsync(importId,
                $"The import could not be saved. {ImportRefusedException.NothingImported} Please try again; if it fails again, tell your administrator.",
                CancellationToken.None);
        }
        finally
        {
            // Stopped by a shutdown, the job runs again at the next start and needs its file.
            if (!cancellationToken.IsCancellationRequested)
            {
                await files.DeleteAsync(importId, CancellationToken.None);
            }
        }
    }

    [LoggerMessage(1, LogLevel.Error, "Import {ImportId} failed")]
    private static partial void LogImportFailed(ILogger logger, Exception exception, Guid importId);
}

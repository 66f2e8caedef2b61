using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Data;

/// <summary>
/// Brings the database up to date at start-up: WAL mode, migrations, and recovery of replies that were
/// streaming when the app last stopped. Safe to run on every start and more than once.
/// </summary>
internal sealed partial class DatabaseInitializer(AppDbContext db, ILogger<DatabaseInitializer> logger)
{
    /// <summary>What a reader sees on a reply cut off by a restart.</summary>
    internal const string InterruptedError = "The app restarted while this reply was being written.";

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (db.Database.IsSqlite())
        {
            await EnableWriteAheadLogAsync(cancellationToken);
        }

        await db.Database.MigrateAsync(cancellationToken);

        // Nothing can still be writing these: the process that streamed them is gone. Once several instances
        // share a database this must only touch the replies of instances that are really gone.
        var interrupted = await db.Messages
            .Where(m => m.Status == MessageStatus.Streaming)
            .ExecuteUpdateAsync(
                setters => setters
                    .SetProperty(m => m.Status, MessageStatus.Interrupted)
                    .SetProperty(m => m.Error, InterruptedError),
                cancellationToken);
        if (interrupted > 0)
        {
            LogRepliesInterrupted(logger, interrupted);
        }
    }

    // WAL lets pages be read while a reply is being saved. It is stored in the database file, so setting it
    // once per start is enough (it cannot be changed inside a transaction, hence before migrating).
    private async Task EnableWriteAheadLogAsync(CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL;";
            var mode = await command.ExecuteScalarAsync(cancellationToken) as string;
            // An in-memory database (tests) answers "memory" and cannot use WAL; that is fine.
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(mode, "memory", StringComparison.OrdinalIgnoreCase))
            {
                LogWalNotEnabled(logger, mode);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Marked {Count} replies that were streaming when the app stopped as interrupted")]
    private static partial void LogRepliesInterrupted(ILogger logger, int count);

    [LoggerMessage(2, LogLevel.Warning, "SQLite kept journal mode {Mode} instead of WAL; pages may wait while replies are saved")]
    private static partial void LogWalNotEnabled(ILogger logger, string? mode);
}

using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LlmPages.Data;

/// <summary>
/// Brings the database up to date at start-up: the engine's preparation (<see cref="DatabaseEngine.PrepareAsync"/>),
/// migrations, the data steps that only C# can do (<see cref="NameKeyFill"/>), recovery of replies that were
/// streaming when the app last stopped, and the search index of whatever has none yet (rows from before the index, the
/// replies just recovered: <see cref="ChatSearchIndex.IndexMissingAsync"/>). Safe to run on every start and more than once.
/// </summary>
internal sealed partial class DatabaseInitializer(
    AppDbContext db, DatabaseEngine engine, NameKeyFill nameKeys, IOptions<DatabaseOptions> options, ILogger<DatabaseInitializer> logger)
{
    /// <summary>What a reader sees on a reply cut off by a restart.</summary>
    internal const string InterruptedError = "The app restarted while this reply was being written.";

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await engine.PrepareAsync(db, options.Value, logger, cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        await nameKeys.RunAsync(cancellationToken);

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

        var indexed = await engine.ChatSearch.IndexMissingAsync(db, cancellationToken);
        if (indexed > 0)
        {
            LogIndexed(logger, indexed);
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Marked {Count} replies that were streaming when the app stopped as interrupted")]
    private static partial void LogRepliesInterrupted(ILogger logger, int count);

    [LoggerMessage(2, LogLevel.Information, "Indexed {Count} messages and chat titles for search that had no entry yet")]
    private static partial void LogIndexed(ILogger logger, int count);
}

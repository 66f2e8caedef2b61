using LlmPages.Instances;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LlmPages.Data;

/// <summary>
/// Brings the database up to date at start-up: the engine's preparation (<see cref="DatabaseEngine.PrepareAsync"/>),
/// migrations, the data steps that only C# can do (<see cref="NameKeyFill"/>), this instance's lease and the
/// recovery of replies whose instance stopped while streaming them (<see cref="InstanceLeases"/>), and the search index of whatever has none yet (rows from before the index, the
/// replies just recovered: <see cref="ChatSearchIndex.IndexMissingAsync"/>). Safe to run on every start and more than once.
/// </summary>
internal sealed partial class DatabaseInitializer(
    AppDbContext db, DatabaseEngine engine, NameKeyFill nameKeys, InstanceLeases leases, IOptions<DatabaseOptions> options, ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await engine.PrepareAsync(db, options.Value, logger, cancellationToken);
        // EF's migrator first compares the model with the migrations' snapshot (it builds the snapshot's model and diffs
        // the two: a few MB of code and types that stay loaded); with nothing to migrate, that is skipped.
        // MigrationsTests.TheMigrationsMatchTheModel makes the same comparison on each engine.
        if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        await nameKeys.RunAsync(cancellationToken);

        // Replies still streaming whose instance is gone (on SQLite: every one) become interrupted.
        await leases.TakeAsync(db, cancellationToken);

        var indexed = await engine.ChatSearch.IndexMissingAsync(db, cancellationToken);
        if (indexed > 0)
        {
            LogIndexed(logger, indexed);
        }
    }

    [LoggerMessage(2, LogLevel.Information, "Indexed {Count} messages and chat titles for search that had no entry yet")]
    private static partial void LogIndexed(ILogger logger, int count);
}

using Hangfire;
using Hangfire.Storage.SQLite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LlmPages.Data.Sqlite;

/// <summary>
/// SQLite: one file in the data folder (or the connection string's), foreign keys on, per-connection pragmas set once
/// per native connection (<see cref="SqlitePragmaInterceptor"/>), and WAL switched on before migrating, so pages are
/// read while replies are saved. The Data Protection keys and Hangfire's jobs (<c>hangfire.db</c>) are files beside it.
/// </summary>
internal sealed partial class SqliteEngine : DatabaseEngine
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override string DisplayName => "SQLite";

    /// <summary>Hangfire's own database file, in the data folder.</summary>
    public const string JobsFileName = "hangfire.db";

    public override ChatSearchIndex ChatSearch { get; } = new SqliteChatSearch();

    public override void AddAppDbContext(IServiceCollection services) =>
        AddContext<SqliteAppDbContext>(services, (provider, options) =>
        {
            var data = provider.GetRequiredService<IOptions<DataOptions>>().Value;
            var database = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            options.UseSqlite(database.GetSqliteConnectionString(data)).AddInterceptors(new SqlitePragmaInterceptor());
        });

    // WAL lets pages be read while a reply is being saved. It is stored in the database file, so setting it once per
    // start is enough (it cannot be changed inside a transaction, hence before migrating).
    public override async Task PrepareAsync(AppDbContext db, DatabaseOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL;";
            var mode = await command.ExecuteScalarAsync(cancellationToken) as string;
            // An in-memory database answers "memory" and cannot use WAL; that is fine.
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

    public override void AddDataProtection(IHostApplicationBuilder builder) => builder.Services.AddDataProtectionInDataFolder();

    // Hangfire.Storage.SQLite takes a file path, not a connection string; ":memory:" would silently run nothing.
    public override JobStorage CreateJobStorage(IServiceProvider services) =>
        new SQLiteStorage(
            Path.Combine(services.GetRequiredService<IOptions<DataOptions>>().Value.DataFolder, JobsFileName),
            new SQLiteStorageOptions { QueuePollInterval = JobQueuePollInterval });

    public override async Task ForgetEarlierInstancesAsync(AppDbContext db, CancellationToken cancellationToken) =>
        await db.InstanceLeases.ExecuteDeleteAsync(cancellationToken);

    public override void AddInstanceChannel(IServiceCollection services) =>
        services.AddSingleton<Instances.InstanceChannel, Instances.LocalInstanceChannel>();

    public override void AddTransferStore(IServiceCollection services) =>
        services.AddSingleton<Transfers.TransferStore, Transfers.TransferFolder>();

    public override void AddRateLimitCounting(IServiceCollection services)
    {
        services.AddSingleton<Web.RateLimitCounter, Web.LocalRateLimitCounter>();
        services.AddSingleton<Api.ApiCallLimit, Api.LocalApiCallLimit>();
    }

    [LoggerMessage(1, LogLevel.Warning, "SQLite kept journal mode {Mode} instead of WAL; pages may wait while replies are saved")]
    private static partial void LogWalNotEnabled(ILogger logger, string? mode);
}

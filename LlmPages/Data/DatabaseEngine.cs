using Hangfire;
using LlmPages.Data.Postgres;
using LlmPages.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LlmPages.Data;

/// <summary>
/// Everything that differs between the two databases, behind one seam per concern, so the rest of the app only
/// ever sees <see cref="AppDbContext"/>:
/// <list type="bullet">
/// <item>registering the context (as the engine's subclass, which owns the engine's migrations), with the engine's
/// connection settings (<see cref="AddAppDbContext"/>);</item>
/// <item>what must happen before migrating (<see cref="PrepareAsync"/>: SQLite switches on WAL; PostgreSQL waits for
/// a server that is still starting);</item>
/// <item>the full-text search of chats (<see cref="ChatSearch"/>);</item>
/// <item>where the Data Protection keys live (<see cref="AddDataProtection"/>: the data folder; the database, protected
/// with a certificate);</item>
/// <item>where Hangfire keeps its jobs (<see cref="CreateJobStorage"/>: a file beside SQLite's, a schema of PostgreSQL's
/// database);</item>
/// <item>which instances' leases may still be valid at start-up (<see cref="ForgetEarlierInstancesAsync"/>);</item>
/// <item>how signals reach the other instances (<see cref="AddInstanceChannel"/>);</item>
/// <item>where the files of exports and imports are kept (<see cref="AddTransferStore"/>: the data folder; the database);</item>
/// <item>where the rate limits and the running API calls are counted (<see cref="AddRateLimitCounting"/>: in memory; in
/// the database, shared by the instances);</item>
/// <item>its name, for the admin overview.</item>
/// </list>
/// Chosen once, from <c>LlmPages:Database:Provider</c>, when the app is built.
/// </summary>
public abstract class DatabaseEngine
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>"SQLite" or "PostgreSQL".</summary>
    public abstract string DisplayName { get; }

    /// <summary>The chat search's index on this engine (FTS5 on SQLite, tsvector on PostgreSQL); a singleton, registered as <see cref="ChatSearchIndex"/>.</summary>
    public abstract ChatSearchIndex ChatSearch { get; }

    /// <summary>Registers <see cref="AppDbContext"/> on this engine.</summary>
    public abstract void AddAppDbContext(IServiceCollection services);

    /// <summary>Makes the database ready to be migrated; throws <see cref="DatabaseUnavailableException"/> in plain words when it cannot be reached.</summary>
    public abstract Task PrepareAsync(AppDbContext db, DatabaseOptions options, ILogger logger, CancellationToken cancellationToken);

    /// <summary>Registers Data Protection with its keys where this engine's installations keep them (<see cref="DataProtectionKeys"/>).</summary>
    public abstract void AddDataProtection(IHostApplicationBuilder builder);

    /// <summary>
    /// Hangfire's storage on this engine, built once (the app hands it to the job server, the dashboard and the job
    /// managers itself). Called after start-up has found the database, so PostgreSQL's server is there.
    /// </summary>
    /// <summary>
    /// How often an idle job worker looks for new work. Hangfire's storages wait 15 s by default, so a person's export or
    /// import sat "waiting for its turn" that long; a second costs an idle app two small queries a second.
    /// </summary>
    protected static readonly TimeSpan JobQueuePollInterval = TimeSpan.FromSeconds(1);

    public abstract JobStorage CreateJobStorage(IServiceProvider services);

    /// <summary>
    /// At start-up, before this instance takes its lease: forgets the leases of instances that cannot be running now
    /// (<see cref="Instances.InstanceLeases"/>). SQLite: one process owns the file, so every lease in it is of an earlier
    /// run. PostgreSQL: none, other instances may be writing replies right now; theirs expire by themselves.
    /// </summary>
    public abstract Task ForgetEarlierInstancesAsync(AppDbContext db, CancellationToken cancellationToken);

    /// <summary>
    /// Registers the <see cref="Instances.InstanceChannel"/> that carries signals between instances (Stop, a reply's text
    /// saved or ended): this process alone on SQLite; NOTIFY and one LISTEN connection per instance on PostgreSQL.
    /// </summary>
    public abstract void AddInstanceChannel(IServiceCollection services);

    /// <summary>
    /// Registers the <see cref="Transfers.TransferStore"/> that keeps the files of exports and imports: the data folder on
    /// SQLite (one instance; the database file would only grow); the database on PostgreSQL, where the upload, the job and
    /// the download may each reach a different instance, whose data folders are their own.
    /// </summary>
    public abstract void AddTransferStore(IServiceCollection services);

    /// <summary>
    /// Registers the <see cref="Web.RateLimitCounter"/> and the <see cref="Api.ApiCallLimit"/>: in this process on SQLite
    /// (one instance, no query), in the database on PostgreSQL, so the limits hold for all the instances together.
    /// </summary>
    public abstract void AddRateLimitCounting(IServiceCollection services);

    /// <summary>
    /// The engine <c>LlmPages:Database:Provider</c> names. A value that names none gives SQLite here, so the app can be
    /// built and <see cref="DatabaseOptionsValidator"/> can stop it with a message naming the setting.
    /// </summary>
    public static DatabaseEngine For(IConfiguration configuration) =>
        Enum.TryParse<DatabaseProvider>(configuration[$"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.Provider)}"], ignoreCase: true, out var provider)
            && provider == DatabaseProvider.Postgres
            ? new PostgresEngine()
            : new SqliteEngine();

    /// <summary>
    /// Registers the context class with options made by <paramref name="configure"/> from the bound settings, plus every
    /// <see cref="IInterceptor"/> registered as a service (the app's own, and any a test host adds), whatever the engine.
    /// </summary>
    protected static void AddContext<TContext>(IServiceCollection services, Action<IServiceProvider, DbContextOptionsBuilder> configure)
        where TContext : AppDbContext
    {
        // Pooled: a request scope borrows a context that is reset, not built (its services and options are made once).
        services.AddDbContextPool<AppDbContext, TContext>(
            (provider, options) =>
            {
                configure(provider, options);
                options.AddInterceptors(provider.GetServices<IInterceptor>());
                // A failed connection reaches whoever asked (a request, start-up), which reports it in its own words:
                // EF's own error log of it, with a stack trace, would only repeat it.
                options.ConfigureWarnings(warnings => warnings.Log((RelationalEventId.ConnectionError, LogLevel.Debug)));
            });
    }
}

using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LlmPages.Data.Postgres;

/// <summary>
/// PostgreSQL, for several instances on one database. A server that is not up yet (a container started beside the
/// app) is retried until <see cref="DatabaseOptions.StartupTimeout"/>; a server that refuses for good (a wrong
/// password, a database that does not exist) stops start-up at once. Either way the message names the setting.
/// </summary>
/// <remarks>
/// No retrying execution strategy: the app uses its own transactions (the batched partial save, the atomic sign-in
/// count), which EF's retrying strategy refuses, and a reply's save that fails is already recovered at the next start.
/// </remarks>
internal sealed partial class PostgresEngine : DatabaseEngine
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override string DisplayName => "PostgreSQL";

    /// <summary>The schema of Hangfire's tables, beside the app's own (in <c>public</c>).</summary>
    public const string JobsSchema = "hangfire";

    public override ChatSearchIndex ChatSearch { get; } = new PostgresChatSearch();

    public override void AddAppDbContext(IServiceCollection services) =>
        AddContext<PostgresAppDbContext>(services, (provider, options) =>
            options.UseNpgsql(provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.GetPostgresConnectionString()));

    public override async Task PrepareAsync(AppDbContext db, DatabaseOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        var waiting = false;
        while (true)
        {
            try
            {
                await db.Database.OpenConnectionAsync(cancellationToken);
                await db.Database.CloseConnectionAsync();
                return;
            }
            // EF wraps a transient failure in an InvalidOperationException that suggests retrying: look inside it.
            catch (Exception e) when (ServerError(e) is { IsTransient: true } && DateTime.UtcNow - started < options.StartupTimeout)
            {
                if (!waiting)
                {
                    LogWaiting(logger, options.DescribeServer(), ServerError(e)!.Message);
                    waiting = true;
                }
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
            catch (Exception e) when (ServerError(e) is { } error)
            {
                throw new DatabaseUnavailableException(
                    $"LlmPages cannot use the PostgreSQL database {options.DescribeServer()}: {Reason(error)}. "
                    + $"Check {DatabaseOptions.SectionName}:ConnectionString"
                    + (error.IsTransient ? $"; the server was tried for {options.StartupTimeout.TotalSeconds:0} seconds ({DatabaseOptions.SectionName}:StartupTimeout)." : "."),
                    e);
            }
        }
    }

    public override void AddDataProtection(IHostApplicationBuilder builder) => builder.AddDataProtectionInDatabase();

    public override JobStorage CreateJobStorage(IServiceProvider services)
    {
        var connectionString = services.GetRequiredService<IOptions<DatabaseOptions>>().Value.GetPostgresConnectionString();
        var options = new PostgreSqlStorageOptions { SchemaName = JobsSchema, PrepareSchemaIfNecessary = true, QueuePollInterval = JobQueuePollInterval };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    public override Task ForgetEarlierInstancesAsync(AppDbContext db, CancellationToken cancellationToken) => Task.CompletedTask;

    public override void AddInstanceChannel(IServiceCollection services)
    {
        services.AddSingleton<PostgresInstanceChannel>();
        services.AddSingleton<Instances.InstanceChannel>(provider => provider.GetRequiredService<PostgresInstanceChannel>());
        services.AddHostedService(provider => provider.GetRequiredService<PostgresInstanceChannel>());
    }

    public override void AddTransferStore(IServiceCollection services) =>
        services.AddSingleton<Transfers.TransferStore, PostgresTransferStore>();

    public override void AddRateLimitCounting(IServiceCollection services)
    {
        services.AddSingleton<Web.RateLimitCounter, PostgresRateLimitCounter>();
        services.AddSingleton<Api.ApiCallLimit, PostgresApiCallLimit>();
    }

    private static NpgsqlException? ServerError(Exception e) => e as NpgsqlException ?? e.InnerException as NpgsqlException;

    /// <summary>The server's own words (PostgreSQL's message text), else the client's.</summary>
    private static string Reason(NpgsqlException e) => (e as PostgresException)?.MessageText ?? e.Message.TrimEnd('.');

    [LoggerMessage(1, LogLevel.Warning, "Waiting for the PostgreSQL database {Server}: {Reason}")]
    private static partial void LogWaiting(ILogger logger, string server, string reason);
}

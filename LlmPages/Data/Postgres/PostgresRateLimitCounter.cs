using System.Diagnostics;
using System.Threading.RateLimiting;
using LlmPages.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LlmPages.Data.Postgres;

/// <summary>
/// The rate limits' fixed windows in <c>RateLimitWindows</c>, shared by every instance on the database: a counted event
/// is one upsert that starts a new window when the old one has ended (<see cref="CountSql"/>), on the database's clock,
/// so the instances agree on when a window ends. Fails open: a database that cannot answer allows the event and logs a
/// warning (the limits are there against floods, and sign-in lockout and quotas stay in force).
/// </summary>
internal sealed partial class PostgresRateLimitCounter(IOptions<DatabaseOptions> options, TimeProvider time, ILogger<PostgresRateLimitCounter> logger)
    : RateLimitCounter
{
    // Refused events count too: they never move the window's end, so the outcome is the in-memory limiter's.
    internal const string CountSql = """
        INSERT INTO "RateLimitWindows" ("Key", "Count", "EndsAt") VALUES (@key, 1, now() + @window)
        ON CONFLICT ("Key") DO UPDATE SET
            "Count" = CASE WHEN "RateLimitWindows"."EndsAt" <= now() THEN 1 ELSE "RateLimitWindows"."Count" + 1 END,
            "EndsAt" = CASE WHEN "RateLimitWindows"."EndsAt" <= now() THEN EXCLUDED."EndsAt" ELSE "RateLimitWindows"."EndsAt" END
        RETURNING "Count", EXTRACT(EPOCH FROM "EndsAt" - now())::float8
        """;

    private const string PeekSql = """
        SELECT "Count", EXTRACT(EPOCH FROM "EndsAt" - now())::float8 FROM "RateLimitWindows" WHERE "Key" = @key AND "EndsAt" > now()
        """;

    private readonly string connectionString = options.Value.GetPostgresConnectionString();

    public override RateLimitPartition<string> Partition(string key, int limit, TimeSpan window) =>
        RateLimitPartition.Get(key, k => new SharedWindowLimiter(this, k, limit, window));

    public override async ValueTask<TimeSpan?> BlockedForAsync(string key, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        var (count, left) = await QueryAsync(PeekSql, key, window, cancellationToken);
        return count >= limit ? left : null;
    }

    public override async ValueTask CountAsync(string key, int limit, TimeSpan window, CancellationToken cancellationToken) =>
        await QueryAsync(CountSql, key, window, cancellationToken);

    /// <summary>Counts one event; a lease refused with the window's remaining time when the count passed the limit.</summary>
    private async ValueTask<RateLimitLease> AcquireAsync(string key, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        var (count, left) = await QueryAsync(CountSql, key, window, cancellationToken);
        return count <= limit ? WindowLease.Acquired : new WindowLease(false, left);
    }

    /// <summary>The window's count and time left; (0, zero) when there is none, or when the database did not answer.</summary>
    private async ValueTask<(int Count, TimeSpan Left)> QueryAsync(string sql, string key, TimeSpan window, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("key", key);
            command.Parameters.AddWithValue("window", window);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? (reader.GetInt32(0), TimeSpan.FromSeconds(Math.Max(0.001, reader.GetDouble(1))))
                : (0, TimeSpan.Zero);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailedOpen(logger, key[..key.IndexOf(':', StringComparison.Ordinal)], e);
            return (0, TimeSpan.Zero);
        }
    }

    public override async Task CleanUpAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await db.RateLimitWindows.Where(w => w.EndsAt < now).ExecuteDeleteAsync(cancellationToken);
        await db.RunningApiCalls.Where(c => !db.InstanceLeases.Any(l => l.Id == c.InstanceId && l.ExpiresAt > now))
            .ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// One key's window as an ASP.NET <see cref="RateLimiter"/>. It cannot answer without a query, so its synchronous
    /// attempt refuses without counting and the middleware goes on to <see cref="AcquireAsyncCore"/>, which counts.
    /// Idle partitions are dropped by ASP.NET's partitioned limiter; the count stays in the table.
    /// </summary>
    private sealed class SharedWindowLimiter(PostgresRateLimitCounter counter, string key, int limit, TimeSpan window) : RateLimiter
    {
        private long lastUsed = Stopwatch.GetTimestamp();

        public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Interlocked.Read(ref lastUsed));

        public override RateLimiterStatistics? GetStatistics() => null;

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => WindowLease.AskAsync;

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            Interlocked.Exchange(ref lastUsed, Stopwatch.GetTimestamp());
            return permitCount == 0 ? ValueTask.FromResult<RateLimitLease>(WindowLease.Acquired) : counter.AcquireAsync(key, limit, window, cancellationToken);
        }
    }

    private sealed class WindowLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly WindowLease Acquired = new(true, null);

        /// <summary>The synchronous attempt's answer: not acquired, with no Retry-After (nothing was counted).</summary>
        public static readonly WindowLease AskAsync = new(false, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Could not count the {Limit} rate limit in the database; the request is allowed")]
    private static partial void LogFailedOpen(ILogger logger, string limit, Exception exception);
}

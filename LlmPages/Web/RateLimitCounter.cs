using System.Threading.RateLimiting;
using LlmPages.Data;

namespace LlmPages.Web;

/// <summary>
/// Where the fixed windows of the rate limits are counted (<see cref="RateLimits"/>' policies, <see cref="Api.WrongApiKeys"/>),
/// one per engine through <see cref="DatabaseEngine.AddRateLimitCounting"/>: in this process on SQLite (one instance,
/// <see cref="LocalRateLimitCounter"/>, no query), in the <c>RateLimitWindows</c> table on PostgreSQL, so several
/// instances share one budget. Keys name the limit and whom it counts (an address or a user id, nothing more).
/// The shared counter fails open: when the database cannot answer, the event is allowed and a warning logged, so a
/// database away for a moment does not turn every sign-in and message into an error page.
/// </summary>
public abstract class RateLimitCounter
{
    /// <summary>The ASP.NET rate limiter partition that counts <paramref name="key"/>: <paramref name="limit"/> per <paramref name="window"/>.</summary>
    public abstract RateLimitPartition<string> Partition(string key, int limit, TimeSpan window);

    /// <summary>How long until <paramref name="key"/> may be counted again, or null when its window has room.</summary>
    public abstract ValueTask<TimeSpan?> BlockedForAsync(string key, int limit, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>Counts one event against <paramref name="key"/>.</summary>
    public abstract ValueTask CountAsync(string key, int limit, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>Deletes what no longer counts (ended windows, the running API calls of dead instances); on each lease renewal.</summary>
    public virtual Task CleanUpAsync(AppDbContext db, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// The fixed windows in memory, as ASP.NET's <see cref="FixedWindowRateLimiter"/> counts them: SQLite's, where one
/// process owns the database. No query, no table.
/// </summary>
public sealed class LocalRateLimitCounter : RateLimitCounter, IDisposable
{
    private readonly PartitionedRateLimiter<(string Key, int Limit, TimeSpan Window)> counted =
        PartitionedRateLimiter.Create<(string Key, int Limit, TimeSpan Window), string>(k => Window(k.Key, k.Limit, k.Window));

    public override RateLimitPartition<string> Partition(string key, int limit, TimeSpan window) => Window(key, limit, window);

    public override ValueTask<TimeSpan?> BlockedForAsync(string key, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        using var lease = counted.AttemptAcquire((key, limit, window), 0);
        return ValueTask.FromResult<TimeSpan?>(lease.IsAcquired ? null
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : window);
    }

    public override ValueTask CountAsync(string key, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        counted.AttemptAcquire((key, limit, window), 1).Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose() => counted.Dispose();

    private static RateLimitPartition<string> Window(string key, int limit, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = window,
            QueueLimit = 0,
        });
}

using System.Threading.RateLimiting;
using LlmPages.Web;
using Microsoft.Extensions.Options;

namespace LlmPages.Api;

/// <summary>
/// Wrong API keys per client address, counted like wrong passwords (<see cref="WebOptions.AuthAttemptsPerWindow"/> per
/// <see cref="WebOptions.AuthWindow"/>): past the limit an address is refused before its key is looked at, right or
/// wrong, until the window ends. Keys are too long to guess; this keeps a guesser from costing the database a query each.
/// </summary>
public sealed class WrongApiKeys(IOptions<WebOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.AuthAttemptsPerWindow,
            Window = options.Value.AuthWindow,
            QueueLimit = 0,
        }));

    /// <summary>Whether the address has used up its wrong keys; if so, how long until it may try again.</summary>
    public bool IsBlocked(string address, out TimeSpan retryAfter)
    {
        using var lease = limiter.AttemptAcquire(address, 0);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.Value.AuthWindow;
        return !lease.IsAcquired;
    }

    public void Count(string address) => limiter.AttemptAcquire(address, 1).Dispose();

    public void Dispose() => limiter.Dispose();
}

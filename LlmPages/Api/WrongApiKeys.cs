using LlmPages.Web;
using Microsoft.Extensions.Options;

namespace LlmPages.Api;

/// <summary>
/// Wrong API keys per client address, counted like wrong passwords (<see cref="WebOptions.AuthAttemptsPerWindow"/> per
/// <see cref="WebOptions.AuthWindow"/>): past the limit an address is refused before its key is looked at, right or
/// wrong, until the window ends. Keys are too long to guess; this keeps a guesser from costing the database a query each.
/// Counted by the engine's <see cref="RateLimitCounter"/> (in memory on SQLite, shared by the instances on PostgreSQL).
/// </summary>
public sealed class WrongApiKeys(IOptions<WebOptions> options, RateLimitCounter counter)
{
    /// <summary>How long until the address may try again when it has used up its wrong keys; null when it has not.</summary>
    public ValueTask<TimeSpan?> BlockedForAsync(string address, CancellationToken cancellationToken) =>
        counter.BlockedForAsync(Key(address), options.Value.AuthAttemptsPerWindow, options.Value.AuthWindow, cancellationToken);

    public ValueTask CountAsync(string address, CancellationToken cancellationToken) =>
        counter.CountAsync(Key(address), options.Value.AuthAttemptsPerWindow, options.Value.AuthWindow, cancellationToken);

    private static string Key(string address) => $"api-key:{address}";
}

using LlmPages.Web;
using Microsoft.Extensions.Options;

namespace LlmPages.Api;

/// <summary>
/// Wrong API keys per client address, counted like wrong passwords (<see cref="WebOptions.AuthAttemptsPerWindow"/> per
/// <see cref="WebOptions.AuthWindow"/>): past the limit an address is refused whatever its key, right or wrong, until the
/// window ends. Keys are too long to guess; this keeps a guesser from learning anything more, and the refusal costs
/// nothing but the queries a call makes anyway (the block is read beside the key, not before it, so that a right key
/// waits for one round trip to the database, not two).
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

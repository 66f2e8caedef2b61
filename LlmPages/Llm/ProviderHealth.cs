using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Llm;

/// <summary>
/// Checks a provider with a real request (<see cref="ProviderProbe"/>) and records the outcome as its health,
/// which the providers pages show. The one place for "Test connection" and the health job, which used to save it
/// two ways (only one cut the error to the column's length; they disagreed on the latency of a failure).
/// </summary>
public sealed partial class ProviderHealth(
    AppDbContext db, ProviderConnections connections, ProviderProbe probe, TimeProvider clock, ILogger<ProviderHealth> logger)
{
    /// <summary>The longest error kept: the length of <see cref="AiProvider.LastHealthError"/>'s column.</summary>
    public const int MaxErrorLength = 1000;

    /// <summary>
    /// Asks the server, saves the outcome, and says how it went. A failure of the app's own is logged and not
    /// saved: it says nothing about the server.
    /// </summary>
    public async Task<ConnectionTestResult> CheckAsync(AiProvider provider, CancellationToken cancellationToken)
    {
        ConnectionTestResult result;
        try
        {
            result = await probe.TestConnectionAsync(connections.Connect(provider), cancellationToken);
        }
        catch (ProviderException e)
        {
            result = new ConnectionTestResult(false, 0, e.Error);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogCheckFailed(logger, e, provider.Id);
            return new ConnectionTestResult(false, 0, new ProviderError(ProviderErrorKind.Other,
                "LlmPages could not test the connection because of an error of its own. The details are in the server log."));
        }
        await SaveAsync(provider.Id, result, cancellationToken);
        return result;
    }

    /// <summary>
    /// Written straight to the row, so it works alike for a tracked provider (the admin pages) and an untracked one
    /// (the job), and never saves anything else a page may have changed on the entity.
    /// </summary>
    private async Task SaveAsync(int providerId, ConnectionTestResult result, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var status = result.Succeeded ? ProviderHealthStatus.Healthy : ProviderHealthStatus.Unhealthy;
        // How long a failure took says nothing about the server's speed, and no page shows it.
        int? latency = result.Succeeded ? result.LatencyMs : null;
        var error = result.Succeeded ? null : result.Error?.Message ?? "The connection failed.";
        if (error is { Length: > MaxErrorLength })
        {
            error = error[..MaxErrorLength];
        }
        await db.AiProviders.Where(p => p.Id == providerId).ExecuteUpdateAsync(set => set
            .SetProperty(p => p.LastHealthStatus, status)
            .SetProperty(p => p.LastHealthCheckedAt, now)
            .SetProperty(p => p.LastHealthLatencyMs, latency)
            .SetProperty(p => p.LastHealthError, StoredText.Clean(error)),
            cancellationToken);
    }

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Checking provider {ProviderId} failed inside the app")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception, int providerId);
}

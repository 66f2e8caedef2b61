using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Llm;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Jobs;

/// <summary>
/// Checks every active provider with a real request and records the outcome, which the providers page shows.
/// Safe to run twice at once: each run only overwrites the latest status.
/// </summary>
public sealed partial class ProviderHealthJob(
    AppDbContext db,
    ProviderProbe probe,
    ProviderSecrets secrets,
    TimeProvider clock,
    ILogger<ProviderHealthJob> logger)
{
    public const string RecurringJobId = "provider-health";

    public async Task CheckAllAsync(CancellationToken cancellationToken)
    {
        var providers = await db.AiProviders.AsNoTracking()
            .Where(p => p.IsActive)
            .Select(p => new { p.Id, p.Kind, p.BaseUrl, p.ProtectedApiKey })
            .ToListAsync(cancellationToken);

        foreach (var provider in providers)
        {
            ConnectionTestResult result;
            try
            {
                var connection = new ProviderConnection(provider.Kind, new Uri(provider.BaseUrl), secrets.Unprotect(provider.ProtectedApiKey));
                result = await probe.TestConnectionAsync(connection, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A key that no longer decrypts (lost key ring) or a bad stored URL: report it, check the rest.
                LogCheckFailed(logger, provider.Id, ex.GetType().Name);
                result = new ConnectionTestResult(false, 0, new ProviderError(ProviderErrorKind.Other,
                    "The stored settings could not be used. Edit the provider and save its API key again."));
            }

            var now = clock.GetUtcNow().UtcDateTime;
            await db.AiProviders.Where(p => p.Id == provider.Id).ExecuteUpdateAsync(set => set
                .SetProperty(p => p.LastHealthStatus, result.Succeeded ? ProviderHealthStatus.Healthy : ProviderHealthStatus.Unhealthy)
                .SetProperty(p => p.LastHealthCheckedAt, now)
                .SetProperty(p => p.LastHealthLatencyMs, result.Succeeded ? result.LatencyMs : null)
                .SetProperty(p => p.LastHealthError, result.Error == null ? null : result.Error.Message),
                cancellationToken);
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Health check of provider {ProviderId} could not run: {Error}")]
    private static partial void LogCheckFailed(ILogger logger, int providerId, string error);
}

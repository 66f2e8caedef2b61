using LlmPages.Data;
using LlmPages.Llm;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Jobs;

/// <summary>
/// Checks every active provider with a real request and records the outcome (<see cref="ProviderHealth"/>, as
/// "Test connection" does), which the providers page shows. Safe to run twice at once: each run only overwrites
/// the latest status.
/// </summary>
public sealed class ProviderHealthJob(AppDbContext db, ProviderHealth health)
{
    public const string RecurringJobId = "provider-health";

    public async Task CheckAllAsync(CancellationToken cancellationToken)
    {
        var providers = await db.AiProviders.AsNoTracking()
            .Where(p => p.IsActive)
            .ToListAsync(cancellationToken);

        foreach (var provider in providers)
        {
            // A provider that cannot be checked (an unreadable key) is recorded as such; the rest are still checked.
            await health.CheckAsync(provider, cancellationToken);
        }
    }
}

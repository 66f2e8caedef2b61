using Hangfire;
using LlmPages.Usage;

namespace LlmPages.Jobs;

/// <summary>
/// Every hour (<see cref="JobsOptions.UsageRollupCron"/>), rolls the usage rows into daily totals and per-model
/// performance (<see cref="UsageRollup"/>). Runs are rebuilds of whole days, so a repeated run is harmless; one at a
/// time all the same, so two runs do not rebuild the same day at once.
/// </summary>
public sealed class UsageRollupJob(UsageRollup rollup)
{
    public const string RecurringJobId = "usage-rollup";

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public Task RunAsync(CancellationToken cancellationToken) => rollup.RunAsync(cancellationToken);
}

using Hangfire.Common;
using Hangfire.Server;
using LlmPages.Telemetry;

namespace LlmPages.Jobs;

/// <summary>
/// Counts every background job that ran by its class and outcome (<see cref="AppMetrics.JobFinished"/>). It is this
/// app's filter provider (through DI, not Hangfire's process-wide <c>GlobalJobFilters</c>, which every app in a process
/// would share), beside Hangfire's own providers.
/// </summary>
public sealed class JobOutcomeFilter(AppMetrics metrics) : IServerFilter, IJobFilterProvider
{
    public void OnPerforming(PerformingContext context)
    {
    }

    public void OnPerformed(PerformedContext context)
    {
        var outcome = context.Canceled ? "cancelled"
            : context.Exception is not null && !context.ExceptionHandled ? "failed"
            : "succeeded";
        metrics.JobFinished(context.BackgroundJob.Job?.Type.Name ?? "unknown", outcome);
    }

    public IEnumerable<JobFilter> GetFilters(Job job) => [new JobFilter(this, JobFilterScope.Global, null)];
}

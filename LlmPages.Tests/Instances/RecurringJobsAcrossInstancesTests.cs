using Hangfire;
using LlmPages.Jobs;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Jobs;
using LlmPages.Tests.Monitoring;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.Instances;

/// <summary>
/// Two instances on one PostgreSQL database each run a job server, and so each runs Hangfire's recurring-job scheduler;
/// yet every occurrence of a recurring job is enqueued once and performed once, not once per instance. The health check
/// is set to come round every second (a cron with seconds) and both servers look for due jobs every second
/// (<see cref="JobsOptions.SchedulePollingInterval"/>), so both compete for every occurrence; what each run does, a request
/// to the model server, is counted, so a run performed twice would show as two requests.
/// </summary>
public sealed class RecurringJobsAcrossInstancesTests
{
    private static readonly Dictionary<string, string?> EverySecond = new()
    {
        ["LlmPages:Jobs:ProviderHealthCron"] = "* * * * * *",
        ["LlmPages:Jobs:SchedulePollingInterval"] = "00:00:01",
    };

    [PostgresFact]
    public async Task EachOccurrenceOfARecurringJobIsEnqueuedAndPerformedOnceWhileTwoInstancesRunJobs()
    {
        await using var chat = await ChatApp.StartAsync(EverySecond);
        using var second = chat.StartAnotherInstance();
        var hangfire = new HangfireRecords(TestDatabase.CreateFor(chat.App.DataFolder));
        await MonitoringSteps.WaitUntilAsync(async () => await hangfire.ServerCountAsync() == 2, "both instances' job servers to announce themselves");
        var before = (await hangfire.RunsOfAsync(ProviderHealthJob.RecurringJobId)).Select(r => r.JobId).DefaultIfEmpty().Max();
        IReadOnlyList<RecurringRun> runs = [];
        await MonitoringSteps.WaitUntilAsync(async () =>
            (runs = await hangfire.RunsOfAsync(ProviderHealthJob.RecurringJobId)).Count(r => r.JobId > before && r.State == "Succeeded") >= 5,
            "five health checks performed while both instances ran");
        var servers = await hangfire.ServerCountAsync();

        // No new occurrence from now on; the runs already queued finish.
        chat.App.Services.GetRequiredService<IRecurringJobManager>().RemoveIfExists(ProviderHealthJob.RecurringJobId);
        await MonitoringSteps.WaitUntilAsync(async () =>
            (runs = await hangfire.RunsOfAsync(ProviderHealthJob.RecurringJobId)).All(r => r.State is "Succeeded" or "Failed"),
            "the health checks already queued to finish");

        Assert.Equal(2, servers);
        Assert.All(runs, r => Assert.Equal("Succeeded", r.State));
        // Enqueued once: no two runs for one occurrence (the second it fell due).
        Assert.Equal(runs.Count, runs.Select(r => r.Occurrence).Distinct().Count());
        // Performed once: each run was taken by one worker of one server, and asked the model server once.
        Assert.All(runs, r => Assert.Single(r.PerformedBy));
        Assert.Equal(runs.Count, chat.Model.Requests.Count(r => r.Path.EndsWith("/models", StringComparison.Ordinal)));
    }
}

namespace LlmPages.Jobs;

/// <summary>Background jobs (Hangfire), bound from <c>LlmPages:Jobs</c>.</summary>
public sealed class JobsOptions
{
    public const string Section = "LlmPages:Jobs";

    /// <summary>Run the job server in this process. Off for instances that should only serve pages.</summary>
    public bool RunServer { get; set; } = true;

    /// <summary>How often every active provider is checked (a cron expression; default every 5 minutes).</summary>
    public string ProviderHealthCron { get; set; } = "*/5 * * * *";

    /// <summary>
    /// How often the job server looks for recurring jobs that are due and for delayed jobs (a failed job's retry) whose
    /// time has come: Hangfire's default, 15 seconds. A cron with seconds (six fields, e.g. <c>*/10 * * * * *</c>) runs
    /// no more often than this.
    /// </summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often usage is rolled up into daily totals for the admin pages (a cron expression; default every hour).</summary>
    public string UsageRollupCron { get; set; } = "0 * * * *";
}

using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using LlmPages.Data;
using LlmPages.Monitoring;
using LlmPages.Web;
using Microsoft.Extensions.Options;

namespace LlmPages.Jobs;

public static class JobsExtensions
{
    public const string DashboardPath = "/admin/jobs";

    /// <summary>Hangfire where the database engine keeps its jobs (<see cref="DatabaseEngine.CreateJobStorage"/>), and a small job server.</summary>
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.ProviderHealthCron), "LlmPages:Jobs:ProviderHealthCron must be a cron expression.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.UsageRollupCron), "LlmPages:Jobs:UsageRollupCron must be a cron expression.")
            .Validate(o => o.SchedulePollingInterval > TimeSpan.Zero, "LlmPages:Jobs:SchedulePollingInterval must be a positive time span, e.g. 00:00:15.")
            .ValidateOnStart();

        // This app's own storage, given to the server, the dashboard and the job managers through DI rather than
        // Hangfire's process-wide JobStorage.Current (which the last app built in a process would own).
        builder.Services.AddSingleton<JobStorage>(services => services.GetRequiredService<DatabaseEngine>().CreateJobStorage(services));
        // The same for the activator that makes the job classes: Hangfire's default is the process-wide
        // JobActivator.Current, which the last app configured in a process owns. With several apps in one process (the
        // tests) a job server then built its jobs from another app's services, disposed with that app.
        builder.Services.AddSingleton<JobActivator>(services => new AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddHangfire((services, hangfire) => hangfire
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(services.GetRequiredService<JobStorage>())
            .UseLogProvider(new HangfireLogProvider(services.GetRequiredService<ILoggerFactory>())));
        // Hangfire's own filter providers, and ours: each job's outcome counted for this app's metrics.
        builder.Services.AddSingleton<JobOutcomeFilter>();
        builder.Services.AddSingleton<IJobFilterProvider>(services =>
            new JobFilterProviderCollection(JobFilterProviders.Providers, services.GetRequiredService<JobOutcomeFilter>()));

        if (builder.Configuration.GetValue($"{JobsOptions.Section}:{nameof(JobsOptions.RunServer)}", true))
        {
            // The jobs are short network checks and bookkeeping: two workers are plenty.
            builder.Services.AddHangfireServer((services, server) =>
            {
                server.WorkerCount = 2;
                server.SchedulePollingInterval = services.GetRequiredService<IOptions<JobsOptions>>().Value.SchedulePollingInterval;
            });
        }
        builder.Services.AddScoped<ProviderHealthJob>();
        builder.Services.AddScoped<MonitoringRetentionJob>();
        builder.Services.AddScoped<UsageRollupJob>();
        builder.Services.AddSingleton<TitleJobQueue>();
        builder.Services.AddHostedService(services => services.GetRequiredService<TitleJobQueue>());
        return builder;
    }

    /// <summary>The recurring jobs, and the dashboard for admins at <see cref="DashboardPath"/>.</summary>
    public static WebApplication MapJobs(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<JobsOptions>>().Value;
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<ProviderHealthJob>(
            ProviderHealthJob.RecurringJobId, job => job.CheckAllAsync(CancellationToken.None), options.ProviderHealthCron);
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<ChatTransferCleanupJob>(
            ChatTransferCleanupJob.RecurringJobId, job => job.RemoveExpiredAsync(CancellationToken.None),
            app.Services.GetRequiredService<IOptions<Transfers.TransferOptions>>().Value.CleanupCron);
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<UsageRollupJob>(
            UsageRollupJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), options.UsageRollupCron);
        RollUpIfNeverRolledUp(app);

        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<MonitoringRetentionJob>(
            MonitoringRetentionJob.RecurringJobId, job => job.RemoveOldAsync(CancellationToken.None),
            app.Services.GetRequiredService<IOptions<MonitoringOptions>>().Value.RetentionCron);

        app.UseDashboardAudit();
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [new DashboardAdminFilter()],
            AppPath = "/admin",
            DashboardTitle = "LlmPages jobs",
            DisplayStorageConnectionString = false,
        }, app.Services.GetRequiredService<JobStorage>()).RequireAuthorization(AuthorizationPolicies.Admin);
        return app;
    }

    /// <summary>
    /// After an upgrade from a version without rollups (or a restore of raw rows only), the usage pages would add up every
    /// raw row until the first hourly run: the job runs now instead.
    /// </summary>
    private static void RollUpIfNeverRolledUp(WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (!db.UsageRollupStates.Any() && db.UsageLogs.Any())
        {
            app.Services.GetRequiredService<IRecurringJobManager>().Trigger(UsageRollupJob.RecurringJobId);
        }
    }
}

using Microsoft.Extensions.Options;

namespace LlmPages.Monitoring;

public static class MonitoringExtensions
{
    /// <summary>
    /// The monitoring pipeline: the logger provider, its queue, and the writer. Call before the other features add their
    /// background services, so that the writer stops last and keeps what they log while stopping.
    /// </summary>
    public static IHostApplicationBuilder AddMonitoring(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MonitoringOptions>().BindConfiguration(MonitoringOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton(services => new MonitoringQueue(services.GetRequiredService<IOptions<MonitoringOptions>>().Value.QueueCapacity));
        builder.Services.AddSingleton<ILoggerProvider, MonitoringLoggerProvider>();
        builder.Services.AddHostedService<MonitoringWriter>();
        return builder;
    }
}

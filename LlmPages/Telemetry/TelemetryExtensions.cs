using Microsoft.Extensions.Options;

namespace LlmPages.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>
    /// The app's own instruments, always (cheap with nobody listening); OpenTelemetry only when something is exported
    /// (<see cref="TelemetryOptions.IsOn"/>), so that an app without telemetry loads none of it. Metrics go to
    /// Prometheus and/or OTLP; traces and logs to OTLP only (with nowhere to go they would be work for nothing).
    /// </summary>
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateDataAnnotations()
            .Validate(o => !o.MetricsIsOn || o.MetricsToken!.Length >= TelemetryOptions.MinimumTokenLength,
                "LlmPages:Telemetry:MetricsToken must be at least 16 characters long: a scraper sends it on every request, and a short one can be guessed.")
            .ValidateOnStart();
        builder.Services.AddSingleton<AppMetrics>();
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (options.IsOn)
        {
            OpenTelemetrySetup.Add(builder, options);
        }
        return builder;
    }

    /// <summary>The Prometheus endpoint, behind its bearer token; not mapped at all (404) without a token.</summary>
    public static WebApplication MapMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (options.MetricsIsOn)
        {
            OpenTelemetrySetup.MapPrometheus(app, options);
        }
        return app;
    }
}


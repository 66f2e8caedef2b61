using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LlmPages.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>Microsoft.Extensions.AI's spans and metrics of model calls (<c>gen_ai.*</c>): its default source name.</summary>
    public const string GenAiSourceName = "Experimental.Microsoft.Extensions.AI";

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
        builder.Services.AddSingleton<ChatClientTelemetry>();
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (options.IsOn)
        {
            AddOpenTelemetry(builder, options);
        }
        return builder;
    }

    /// <summary>The Prometheus endpoint, behind its bearer token; not mapped at all (404) without a token.</summary>
    public static WebApplication MapMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (options.MetricsIsOn)
        {
            MapPrometheus(app, options);
        }
        return app;
    }

    // Apart, and never inlined: compiling AddTelemetry must not load OpenTelemetry's assemblies when it is off.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddOpenTelemetry(IHostApplicationBuilder builder, TelemetryOptions options)
    {
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName));
        otel.WithMetrics(metrics =>
        {
            metrics.AddMeter(AppMetrics.MeterName, GenAiSourceName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation();
            if (options.MetricsIsOn)
            {
                // Every scrape sees the figures of that moment (the default caches them for 300 ms).
                metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
            }
            if (options.OtlpEndpoint is not null)
            {
                metrics.AddOtlpExporter(o => Otlp(o, options));
            }
        });
        // The spans' sources, for whichever tracer is built: OTLP's below, or a test's in-memory one.
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
            .AddSource(AppActivities.SourceName, GenAiSourceName)
            .AddProcessor<UntrustedErrorText>()
            .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments(options.MetricsPath))
            .AddHttpClientInstrumentation()
            .AddEntityFrameworkCoreInstrumentation());
        if (options.OtlpEndpoint is not null)
        {
            otel.WithTracing(tracing => tracing.AddOtlpExporter(o => Otlp(o, options)));
            // Logs carry their span's trace and span id to the collector.
            otel.WithLogging(logging => logging.AddOtlpExporter(o => Otlp(o, options)), logs =>
            {
                logs.IncludeFormattedMessage = true;
                logs.IncludeScopes = false;
            });
        }
    }

    private static void Otlp(OtlpExporterOptions exporter, TelemetryOptions options)
    {
        exporter.Endpoint = options.OtlpEndpoint!;
        exporter.Protocol = options.OtlpProtocol == OtlpProtocol.HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        if (!string.IsNullOrEmpty(options.OtlpHeaders))
        {
            exporter.Headers = options.OtlpHeaders;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MapPrometheus(WebApplication app, TelemetryOptions options) =>
        app.MapPrometheusScrapingEndpoint(options.MetricsPath, meterProvider: null,
            configureBranchedPipeline: branch => branch.Use(next => new MetricsTokenCheck(next, options.MetricsToken!).InvokeAsync),
            optionsName: null);
}

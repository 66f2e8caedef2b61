using System.Runtime.CompilerServices;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LlmPages.Telemetry;

/// <summary>
/// Everything that touches OpenTelemetry's own types, in a class of its own: <see cref="TelemetryExtensions"/> calls it only
/// when telemetry is on. Kept apart because merely loading a class whose lambdas mention a type (their cached delegates
/// are its static fields) loads that type's assembly: with these methods in <see cref="TelemetryExtensions"/>, an app
/// without telemetry loaded OpenTelemetry.dll.
/// </summary>
internal static class OpenTelemetrySetup
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Add(IHostApplicationBuilder builder, TelemetryOptions options)
    {
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName));
        otel.WithMetrics(metrics =>
        {
            metrics.AddMeter(AppMetrics.MeterName, ChatClientTelemetry.SourceName)
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
        // Only this app's meters among those made by an IMeterFactory (ours, ASP.NET Core's): listening is by name,
        // so with several apps in one process (the tests) each would otherwise count every app's replies.
        builder.Services.ConfigureOpenTelemetryMeterProvider((services, metrics) =>
        {
            var ours = services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
            metrics.AddView(instrument => instrument.Meter.Scope is System.Diagnostics.Metrics.IMeterFactory factory && factory != ours
                ? MetricStreamConfiguration.Drop
                : null);
        });
        // The spans' sources, for whichever tracer is built: OTLP's below, or a test's in-memory one.
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
            .AddSource(AppActivities.SourceName, ChatClientTelemetry.SourceName)
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
    public static void MapPrometheus(WebApplication app, TelemetryOptions options) =>
        app.MapPrometheusScrapingEndpoint(options.MetricsPath, meterProvider: null,
            configureBranchedPipeline: branch => branch.Use(next => new MetricsTokenCheck(next, options.MetricsToken!).InvokeAsync),
            optionsName: null);
}

using System.ComponentModel.DataAnnotations;

namespace LlmPages.Telemetry;

/// <summary>
/// <c>LlmPages:Telemetry</c>: where the app's metrics, traces and logs go. Everything is off by default, and then
/// nothing of OpenTelemetry is loaded (the app's own instruments cost a field check with nobody listening).
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "LlmPages:Telemetry";

    /// <summary>
    /// The bearer token a scraper sends to <see cref="MetricsPath"/> (<c>Authorization: Bearer ...</c>). Unset, the
    /// default, leaves the Prometheus endpoint off (404).
    /// </summary>
    public string? MetricsToken { get; set; }

    /// <summary>Where Prometheus scrapes the metrics, when <see cref="MetricsToken"/> is set.</summary>
    [RegularExpression("^/[A-Za-z0-9/_-]*$", ErrorMessage = "LlmPages:Telemetry:MetricsPath must be a path starting with /, such as /metrics.")]
    public string MetricsPath { get; set; } = "/metrics";

    /// <summary>
    /// An OpenTelemetry collector (OTLP) that receives metrics, traces and logs, e.g. <c>http://collector:4317</c>.
    /// Unset, the default, sends nothing anywhere.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>How to speak to <see cref="OtlpEndpoint"/>: <c>Grpc</c> (port 4317, the default) or <c>HttpProtobuf</c> (4318).</summary>
    public OtlpProtocol OtlpProtocol { get; set; } = OtlpProtocol.Grpc;

    /// <summary>Headers for the collector, <c>name=value</c> pairs separated by commas (an API key of a hosted collector).</summary>
    public string? OtlpHeaders { get; set; }

    /// <summary>The <c>service.name</c> every metric, span and log carries.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "LlmPages:Telemetry:ServiceName must not be empty.")]
    public string ServiceName { get; set; } = "llmpages";

    /// <summary>The shortest <see cref="MetricsToken"/> allowed (an empty one means off, as an unset one does).</summary>
    public const int MinimumTokenLength = 16;

    /// <summary>True when anything is exported, so OpenTelemetry is set up at all.</summary>
    public bool IsOn => MetricsIsOn || OtlpEndpoint is not null;

    /// <summary>True when Prometheus may scrape <see cref="MetricsPath"/>.</summary>
    public bool MetricsIsOn => !string.IsNullOrEmpty(MetricsToken);
}

/// <summary>OTLP's two transports (our own enum, so that reading the settings loads no exporter).</summary>
public enum OtlpProtocol
{
    Grpc,
    HttpProtobuf,
}

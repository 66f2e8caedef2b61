using System.ComponentModel.DataAnnotations;

namespace LlmPages.Monitoring;

/// <summary>The monitoring rows and the audit log's upkeep, bound from <c>LlmPages:Monitoring</c>.</summary>
public sealed class MonitoringOptions
{
    public const string Section = "LlmPages:Monitoring";

    /// <summary>The least severe log entry kept as a monitoring row (default Warning).</summary>
    [Range(typeof(LogLevel), nameof(LogLevel.Trace), nameof(LogLevel.Critical),
        ErrorMessage = "LlmPages:Monitoring:MinimumLevel must be Trace, Debug, Information, Warning, Error or Critical.")]
    public LogLevel MinimumLevel { get; set; } = LogLevel.Warning;

    /// <summary>How many entries wait to be written at most; more are dropped (and counted) rather than slow the app down.</summary>
    [Range(10, 1_000_000, ErrorMessage = "LlmPages:Monitoring:QueueCapacity must be between 10 and 1,000,000.")]
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>How many entries one database write takes at most.</summary>
    [Range(1, 10_000, ErrorMessage = "LlmPages:Monitoring:BatchSize must be between 1 and 10,000.")]
    public int BatchSize { get; set; } = 200;

    /// <summary>Monitoring rows and audit rows older than this many days are removed by the retention job (default 90).</summary>
    [Range(1, 36_500, ErrorMessage = "LlmPages:Monitoring:RetentionDays must be between 1 and 36,500 days.")]
    public int RetentionDays { get; set; } = 90;

    /// <summary>How often the retention job runs (a cron expression; default daily at 03:41 UTC).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "LlmPages:Monitoring:RetentionCron must be a cron expression.")]
    public string RetentionCron { get; set; } = "41 3 * * *";

    /// <summary>How many rows one delete statement of the retention job removes at most, so that it never holds a long lock.</summary>
    [Range(1, 100_000, ErrorMessage = "LlmPages:Monitoring:RetentionBatchSize must be between 1 and 100,000.")]
    public int RetentionBatchSize { get; set; } = 2_000;
}

namespace LlmPages.Data.Entities;

/// <summary>An application log entry (warnings and errors) kept in the database for the admin's monitoring page.</summary>
public class MonitoringLog
{
    /// <summary>The key.</summary>
    public long Id { get; set; }

    /// <summary>When it was logged (UTC).</summary>
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    /// <summary>The log level name, e.g. Warning or Error.</summary>
    public required string Level { get; set; }

    /// <summary>The logger category, usually a class name.</summary>
    public required string Category { get; set; }

    /// <summary>The rendered message (truncated to fit).</summary>
    public required string Message { get; set; }

    /// <summary>The exception with its stack trace, if any.</summary>
    public string? Exception { get; set; }

    /// <summary>The signed-in user, if any. Not a foreign key: logs outlive accounts.</summary>
    public string? UserId { get; set; }

    /// <summary>The request path, if logged during a request.</summary>
    public string? RequestPath { get; set; }

    /// <summary>The W3C trace id, to find related entries.</summary>
    public string? TraceId { get; set; }
}

namespace LlmPages.Data.Entities;

/// <summary>One sample of a named measurement (e.g. time to first token), for the admin's performance page.</summary>
public class PerformanceMetric
{
    /// <summary>The key.</summary>
    public long Id { get; set; }

    /// <summary>When it was measured (UTC).</summary>
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    /// <summary>What was measured, e.g. <c>chat.ttft</c>.</summary>
    public required string Name { get; set; }

    /// <summary>The measured value.</summary>
    public double Value { get; set; }

    /// <summary>The unit, e.g. ms or tokens/s.</summary>
    public required string Unit { get; set; }

    /// <summary>Optional dimensions, e.g. <c>model=3;provider=1</c>.</summary>
    public string? Tags { get; set; }
}

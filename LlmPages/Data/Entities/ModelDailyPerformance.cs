namespace LlmPages.Data.Entities;

/// <summary>
/// How much one model was used and how it performed on one day (of the app's time zone), worked out from the raw
/// <see cref="UsageLog"/> rows by the rollup job (<see cref="Usage.UsageRollup"/>) for the admin's overview, usage and
/// performance pages: a few rows per day, where <see cref="UsageDailyRollup"/> has one per person and model (about one
/// per call when many people each make a few calls a day). It replaced a table of loose
/// samples (<c>PerformanceMetrics</c>, never written): percentiles cannot be summed, so they are kept per model and day,
/// computed from every call of that day, and recomputed whenever the day's calls change.
/// </summary>
public class ModelDailyPerformance
{
    /// <summary>The key.</summary>
    public long Id { get; set; }

    /// <summary>The day, in the app's time zone.</summary>
    public DateOnly Day { get; set; }

    /// <summary>The model, or null for calls whose model was deleted. Not a foreign key: the figures outlive the model.</summary>
    public int? ModelId { get; set; }

    /// <summary>Number of calls.</summary>
    public int Requests { get; set; }

    /// <summary>Tokens sent.</summary>
    public long PromptTokens { get; set; }

    /// <summary>Tokens received.</summary>
    public long CompletionTokens { get; set; }

    /// <summary>Summed estimated cost; null when no call had a price.</summary>
    public decimal? Cost { get; set; }

    /// <summary>Calls that ended Failed or Interrupted.</summary>
    public int Failures { get; set; }

    /// <summary>Calls that recorded a time to the first token (the percentiles are theirs).</summary>
    public int TimedRequests { get; set; }

    /// <summary>Median time to the first token, in milliseconds (interpolated like PostgreSQL's percentile_cont); null without timed calls.</summary>
    public double? TimeToFirstTokenP50Ms { get; set; }

    /// <summary>95th percentile of the time to the first token, in milliseconds; null without timed calls.</summary>
    public double? TimeToFirstTokenP95Ms { get; set; }

    /// <summary>Tokens received per second of writing (from the first token to the last), over all the day's calls; null when none could be timed.</summary>
    public double? TokensPerSecond { get; set; }
}

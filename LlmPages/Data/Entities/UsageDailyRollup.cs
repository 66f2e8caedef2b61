namespace LlmPages.Data.Entities;

/// <summary>
/// Usage summed per day, user and model by a background job, so statistics pages need not scan the logs.
/// The ids are plain columns (no foreign keys) so a rollup keeps its meaning after a user or model is deleted.
/// </summary>
/// <remarks>
/// (Day, UserId, ModelId) is unique, but SQLite and PostgreSQL treat NULLs as distinct in unique indexes: the
/// job must match null ids with IS NULL, and it is simplest to rebuild a whole day (delete, then insert) so
/// running it twice is harmless.
/// </remarks>
public class UsageDailyRollup
{
    /// <summary>The key.</summary>
    public long Id { get; set; }

    /// <summary>The day, in the app's time zone (<see cref="Web.AppTimeZone"/>), as the profile's month and the admin pages count days.</summary>
    public DateOnly Day { get; set; }

    /// <summary>The user, or null for calls whose user was deleted.</summary>
    public string? UserId { get; set; }

    /// <summary>The model, or null for calls whose model was deleted.</summary>
    public int? ModelId { get; set; }

    /// <summary>Number of calls.</summary>
    public int Requests { get; set; }

    /// <summary>Tokens sent.</summary>
    public long PromptTokens { get; set; }

    /// <summary>Tokens received.</summary>
    public long CompletionTokens { get; set; }

    /// <summary>Calls that ended Failed or Interrupted.</summary>
    public int Failures { get; set; }

    /// <summary>Summed estimated cost; null when no call had a price.</summary>
    public decimal? Cost { get; set; }
}

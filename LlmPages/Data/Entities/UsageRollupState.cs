namespace LlmPages.Data.Entities;

/// <summary>
/// Where the rollup job (<see cref="Usage.UsageRollup"/>) got to: the one row it keeps. Usage rows only ever get higher
/// ids, so the rows above <see cref="LastUsageLogId"/> are the ones it has not seen, whatever day they belong to (a
/// late row for a past day is found by its id, not its time).
/// </summary>
public class UsageRollupState
{
    /// <summary>The key: always <see cref="SingleId"/>.</summary>
    public int Id { get; set; }

    public const int SingleId = 1;

    /// <summary>The highest usage row id the last run saw.</summary>
    public long LastUsageLogId { get; set; }

    /// <summary>When the last run began (UTC). Pages read the rollups for the days before this day, raw rows from it on.</summary>
    public DateTime RolledAt { get; set; }

    /// <summary>The time zone the days were cut in; another one (the setting changed) means every day is cut again.</summary>
    public required string TimeZone { get; set; }
}

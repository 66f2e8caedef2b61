namespace LlmPages.Data.Entities;

/// <summary>
/// One fixed window of a rate limit counted in the database, so several instances on PostgreSQL share it
/// (<see cref="Web.RateLimitCounter"/>): sign-in attempts per address, messages per person, wrong API keys per address.
/// A counted event is one upsert; a window that has ended starts again at its next event. Ended windows are deleted
/// on the instances' lease renewal. SQLite (one instance) counts in memory and leaves this table empty.
/// </summary>
public class RateLimitWindow
{
    /// <summary>The limit and whom it counts: <c>auth:{address}</c>, <c>messages:user:{id}</c>, <c>api-key:{address}</c>.</summary>
    public required string Key { get; set; }

    /// <summary>Events counted in the window (refused ones too: they do not move its end).</summary>
    public int Count { get; set; }

    /// <summary>When the window ends (UTC, the database's clock).</summary>
    public DateTime EndsAt { get; set; }
}

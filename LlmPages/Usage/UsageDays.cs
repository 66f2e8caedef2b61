using LlmPages.Web;

namespace LlmPages.Usage;

/// <summary>
/// The days usage is counted in: calendar days of the app's time zone (<see cref="AppTimeZone"/>), as the profile's
/// month is, so that a day on the admin pages and a day in a person's month begin at the same moment.
/// </summary>
public sealed class UsageDays(AppTimeZone zone, TimeProvider clock)
{
    public string TimeZone => zone.Name;

    /// <summary>Today, in the zone.</summary>
    public DateOnly Today => DayOf(clock.GetUtcNow().UtcDateTime);

    public DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    /// <summary>The zone's day a UTC time falls on.</summary>
    public DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(zone.ToLocal(utc));

    /// <summary>The UTC moment <paramref name="day"/> begins in the zone.</summary>
    public DateTime Start(DateOnly day) => zone.ToUtc(day.ToDateTime(TimeOnly.MinValue));

    /// <summary>The UTC moment <paramref name="day"/> ends (the next day's start).</summary>
    public DateTime End(DateOnly day) => Start(day.AddDays(1));
}

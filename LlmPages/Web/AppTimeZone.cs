using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace LlmPages.Web;

/// <summary>The app's time zone, <c>LlmPages:TimeZone</c> (an IANA name such as Europe/Paris; UTC by default).</summary>
public sealed class TimeZoneOptions : IValidatableObject
{
    public const string Section = "LlmPages";

    public string TimeZone { get; set; } = "UTC";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AppTimeZone.Find(TimeZone) is null)
        {
            yield return new($"{Section}:TimeZone must be a time zone this server knows, by its IANA name (Europe/Paris, America/New_York, UTC): '{TimeZone}' is not.");
        }
    }
}

/// <summary>
/// Where days and months begin for the pages that group by them (the chat list's days, the profile's usage this month).
/// The database keeps UTC; this turns UTC times into the zone's calendar and back. One zone for the whole app: pages
/// work without JavaScript, so the server cannot know each reader's, and every page that groups by days or months names
/// this one (<see cref="Name"/>).
/// </summary>
public sealed class AppTimeZone(IOptions<TimeZoneOptions> options)
{
    private readonly TimeZoneInfo zone = Find(options.Value.TimeZone) ?? TimeZoneInfo.Utc;

    /// <summary>The zone's name as configured (UTC, Europe/Paris), for the pages to say which days they mean.</summary>
    public string Name { get; } = options.Value.TimeZone.Trim();

    /// <summary>The wall-clock time in the zone at <paramref name="utc"/>.</summary>
    public DateTime ToLocal(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    /// <summary>The calendar month in the zone that contains <paramref name="utcNow"/>, as UTC bounds [start, end).</summary>
    public (DateTime Start, DateTime End, DateTime LocalStart) MonthOf(DateTime utcNow)
    {
        var local = ToLocal(utcNow);
        var localStart = new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        return (ToUtc(localStart), ToUtc(localStart.AddMonths(1)), localStart);
    }

    /// <summary>
    /// A wall-clock time in the zone as UTC. A time skipped by a clock change (midnight in a zone that springs forward
    /// at midnight) is taken as the first moment after the gap.
    /// </summary>
    public DateTime ToUtc(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    internal static TimeZoneInfo? Find(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name.Trim());
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }
}

using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace LlmPages.Data;

/// <summary>
/// Stores every <see cref="DateTime"/> as UTC, to the microsecond, and reads it back with
/// <see cref="DateTimeKind.Utc"/>. SQLite keeps no kind, so without this a value read back would be Unspecified
/// and render as local time; PostgreSQL keeps microseconds, so both engines keep exactly that much and compare
/// and order times alike (a reply saved a microsecond after its question sorts after it on both).
/// </summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => ToStored(value),
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc))
{
    private static DateTime ToStored(DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
        return new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMicrosecond, DateTimeKind.Utc);
    }
}

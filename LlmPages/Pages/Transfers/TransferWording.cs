using System.Globalization;

namespace LlmPages.Pages.Transfers;

/// <summary>How long exports and imports are kept, as a person says it ("24 hours", "7 days", "30 minutes").</summary>
public static class TransferWording
{
    public static string Lifetime(TimeSpan lifetime) => lifetime switch
    {
        { TotalDays: >= 2 } when lifetime.TotalDays % 1 == 0 => $"{lifetime.TotalDays.ToString(CultureInfo.InvariantCulture)} days",
        { TotalHours: >= 1 } when lifetime.TotalHours % 1 == 0 => lifetime.TotalHours == 1 ? "1 hour" : $"{lifetime.TotalHours.ToString(CultureInfo.InvariantCulture)} hours",
        _ => $"{Math.Ceiling(lifetime.TotalMinutes).ToString(CultureInfo.InvariantCulture)} minutes",
    };
}

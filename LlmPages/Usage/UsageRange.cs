using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace LlmPages.Usage;

/// <summary>
/// The days an admin usage page covers, from its query string (<c>from</c> and <c>to</c>, year-month-day, days of the
/// app's time zone; both included). Without them, the last 30 days to today. A value that is not a day, a last day before
/// the first, or more than <see cref="MaxDays"/> days, is an error for the field it belongs to, and the page shows the
/// default range meanwhile.
/// </summary>
public sealed class UsageRange
{
    public const string FromName = "from";
    public const string ToName = "to";
    public const int DefaultDays = 30;
    public const int MaxDays = 366;

    private readonly Dictionary<string, string> errors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    public DateOnly From { get; }
    public DateOnly To { get; }

    /// <summary>Field name → message, for the fields in error.</summary>
    public IReadOnlyDictionary<string, string> Errors => errors;

    private UsageRange(IEnumerable<KeyValuePair<string, StringValues>> query, DateOnly today)
    {
        foreach (var (key, value) in query)
        {
            if (key is FromName or ToName)
            {
                values[key] = value.ToString().Trim();
            }
        }
        var from = Day(FromName);
        var to = Day(ToName);
        if (from is { } first && to is { } last)
        {
            if (last < first)
            {
                errors[ToName] = "The last day is before the first day. Choose a last day on or after the first.";
            }
            else if (last.DayNumber - first.DayNumber + 1 > MaxDays)
            {
                errors[ToName] = $"Choose at most {MaxDays} days: the range from {Text(first)} to {Text(last)} is {last.DayNumber - first.DayNumber + 1} days.";
            }
        }
        if (errors.Count > 0)
        {
            (From, To) = (today.AddDays(1 - DefaultDays), today);
            return;
        }
        To = to ?? (from is { } start && start.AddDays(DefaultDays - 1) < today ? start.AddDays(DefaultDays - 1) : today);
        From = from ?? To.AddDays(1 - DefaultDays);
        if (From > To)
        {
            From = To;
        }
    }

    public static UsageRange Parse(IEnumerable<KeyValuePair<string, StringValues>> query, DateOnly today) => new(query, today);

    /// <summary>A field's value as given, or the day it stands for when none was given.</summary>
    public string Value(string name) => values.TryGetValue(name, out var value) && value.Length > 0
        ? value
        : errors.Count > 0 ? "" : Text(name == FromName ? From : To);

    public int DayCount => To.DayNumber - From.DayNumber + 1;

    /// <summary>The query string of this range, for links (the CSV downloads).</summary>
    public string Query => $"{FromName}={Text(From)}&{ToName}={Text(To)}";

    public static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private DateOnly? Day(string name)
    {
        var value = values.GetValueOrDefault(name, "");
        if (value.Length == 0)
        {
            return null;
        }
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }
        errors[name] = "Enter the day as year-month-day, for example 2026-03-31.";
        return null;
    }
}

using System.Globalization;
using System.Text;
using LlmPages.Web;

namespace LlmPages.Admin;

/// <summary>
/// The filters of the admin's log viewers (monitoring, audit), read from the query string so that every view is a link
/// and the form works without JavaScript. Each viewer names its text and choice fields; every viewer has <c>from</c> and
/// <c>to</c>, days in the app's time zone (<see cref="AppTimeZone"/>), both included. A value that cannot be read is kept
/// as typed, with a message for its field, and the list is not shown until it is corrected.
/// </summary>
public sealed class LogFilter
{
    public const string FromName = "from";
    public const string ToName = "to";

    /// <summary>The longest text a filter field takes: more is refused rather than searched for.</summary>
    public const int MaxText = 200;

    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> errors = new(StringComparer.Ordinal);

    private LogFilter()
    {
    }

    /// <summary>The first moment shown (UTC), from the <c>from</c> day.</summary>
    public DateTime? FromUtc { get; private set; }

    /// <summary>The first moment no longer shown (UTC): the start of the day after the <c>to</c> day.</summary>
    public DateTime? BeforeUtc { get; private set; }

    /// <summary>A message for each field whose value cannot be used, by the field's name.</summary>
    public IReadOnlyDictionary<string, string> Errors => errors;

    /// <summary>Whether anything narrows the list.</summary>
    public bool IsNarrowed => values.Count > 0;

    /// <summary>A field's value as given, trimmed ("" when not given).</summary>
    public string Value(string name) => values.GetValueOrDefault(name, "");

    /// <summary>A text field's value, or null when empty.</summary>
    public string? Text(string name) => values.TryGetValue(name, out var value) && !errors.ContainsKey(name) ? value : null;

    /// <summary>Reads <paramref name="names"/> plus the two days from the query.</summary>
    /// <param name="choices">For a field with a fixed list: the values allowed, and the message when another is given.</param>
    public static LogFilter Parse(IQueryCollection query, AppTimeZone zone, IEnumerable<string> names,
        IReadOnlyDictionary<string, (IReadOnlyCollection<string> Allowed, string Message)>? choices = null)
    {
        var filter = new LogFilter();
        foreach (var name in names.Concat([FromName, ToName]))
        {
            if (query[name].FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) is { } value)
            {
                filter.values[name] = value.Trim();
                if (value.Trim().Length > MaxText)
                {
                    filter.errors[name] = $"Use at most {MaxText} characters.";
                }
            }
        }
        foreach (var (name, (allowed, message)) in choices ?? new Dictionary<string, (IReadOnlyCollection<string>, string)>())
        {
            if (filter.values.TryGetValue(name, out var given) && !allowed.Contains(given))
            {
                filter.errors[name] = message;
            }
        }
        var from = filter.Day(FromName);
        var to = filter.Day(ToName);
        if (from > to)
        {
            filter.errors[ToName] = "The last day is before the first day. Swap them, or clear one.";
        }
        filter.FromUtc = from is { } f ? zone.ToUtc(f.ToDateTime(TimeOnly.MinValue)) : null;
        filter.BeforeUtc = to is { } t ? zone.ToUtc(t.AddDays(1).ToDateTime(TimeOnly.MinValue)) : null;
        return filter;
    }

    /// <summary><paramref name="path"/> with this filter's query string, and the page number when it is not the first.</summary>
    public string Url(string path, int? page = null)
    {
        var query = new StringBuilder();
        foreach (var (name, value) in values)
        {
            query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
        if (page is > 1)
        {
            query.Append(query.Length == 0 ? '?' : '&').Append("page=").Append(page.Value.ToString(CultureInfo.InvariantCulture));
        }
        return path + query;
    }

    private DateOnly? Day(string name)
    {
        var value = Value(name);
        if (value.Length == 0 || errors.ContainsKey(name))
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

using System.Globalization;
using System.Text;
using LlmPages.Data;

namespace LlmPages.History;

/// <summary>Which chats the history shows by their archived state.</summary>
public enum ArchivedChoice
{
    /// <summary>The chats not archived (the default).</summary>
    No,

    /// <summary>Only the archived chats.</summary>
    Only,

    /// <summary>Every chat.</summary>
    All,
}

/// <summary>The history's orders.</summary>
public enum HistorySort
{
    /// <summary>Most recently active first (the default).</summary>
    Newest,

    /// <summary>Least recently active first.</summary>
    Oldest,

    /// <summary>By title, A to Z, by the title's key (<see cref="NameKeys"/>), so both engines agree.</summary>
    Title,
}

/// <summary>
/// The history's search and filters, read from the query string so that every view is a link and the form works
/// without JavaScript: <c>q</c> (words), <c>project</c> (an id, or "none"), <c>model</c> (an id), <c>from</c> and
/// <c>to</c> (days of last activity, yyyy-MM-dd, in UTC), <c>archived</c> ("only", "all"), <c>sort</c> ("oldest",
/// "title") and <c>page</c>. A value that cannot be read is kept as it was typed, with a message for its field.
/// </summary>
/// <remarks>
/// Days are UTC days, as everywhere in the app for now (see ConversationList): the page says so beside the fields.
/// </remarks>
public sealed class HistoryFilter
{
    public const string QueryName = "q";
    public const string ProjectName = "project";
    public const string ModelName = "model";
    public const string FromName = "from";
    public const string ToName = "to";
    public const string ArchivedName = "archived";
    public const string SortName = "sort";

    /// <summary>The <c>project</c> value for chats in no project.</summary>
    public const string NoProject = "none";

    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> errors = new(StringComparer.Ordinal);

    private HistoryFilter()
    {
    }

    /// <summary>The search, when words were typed and can be searched for.</summary>
    public SearchQuery? Search { get; private set; }

    public Guid? ProjectId { get; private set; }

    /// <summary>Only chats in no project.</summary>
    public bool WithoutProject { get; private set; }

    public int? ModelId { get; private set; }

    /// <summary>The first day of last activity shown (UTC).</summary>
    public DateOnly? From { get; private set; }

    /// <summary>The last day of last activity shown (UTC), included.</summary>
    public DateOnly? To { get; private set; }

    public ArchivedChoice Archived { get; private set; }

    public HistorySort Sort { get; private set; }

    /// <summary>A message for each field whose value cannot be used, by the field's name.</summary>
    public IReadOnlyDictionary<string, string> Errors => errors;

    /// <summary>Whether anything narrows the list (the order does not).</summary>
    public bool IsNarrowed => values.Keys.Any(k => k != SortName);

    /// <summary>A field's value as it was given, for the form to show again ("" when not given).</summary>
    public string Value(string name) => values.GetValueOrDefault(name, "");

    public static HistoryFilter Parse(IQueryCollection query)
    {
        var filter = new HistoryFilter();
        foreach (var name in new[] { QueryName, ProjectName, ModelName, FromName, ToName, ArchivedName, SortName })
        {
            if (query[name].FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) is { } value)
            {
                filter.values[name] = value.Trim();
            }
        }
        filter.Read();
        return filter;
    }

    /// <summary>The history's address with this filter, and a page number when it is not the first.</summary>
    public string Url(int? page = null) => Url("/history", page);

    /// <summary>The history's address with this filter but one field set to <paramref name="value"/> (back to the first page).</summary>
    public string UrlWith(string name, string value)
    {
        var changed = new HistoryFilter();
        foreach (var (key, given) in values)
        {
            changed.values[key] = given;
        }
        changed.values[name] = value;
        return changed.Url();
    }

    /// <summary><paramref name="path"/> with this filter's query string (and a page number when it is not the first).</summary>
    public string Url(string path, int? page = null, string? handler = null)
    {
        var query = new StringBuilder();
        void Add(string name, string value) =>
            query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        if (handler is not null)
        {
            Add("handler", handler);
        }
        foreach (var (name, value) in values)
        {
            Add(name, value);
        }
        if (page is > 1)
        {
            Add("page", page.Value.ToString(CultureInfo.InvariantCulture));
        }
        return path + query;
    }

    private void Read()
    {
        Search = SearchQuery.Parse(Value(QueryName), out var searchError);
        Fail(QueryName, searchError);

        switch (Value(ProjectName))
        {
            case "":
                break;
            case NoProject:
                WithoutProject = true;
                break;
            case var project when Guid.TryParse(project, out var id):
                ProjectId = id;
                break;
            default:
                Fail(ProjectName, "Choose a project from the list.");
                break;
        }

        if (Value(ModelName) is { Length: > 0 } model)
        {
            if (int.TryParse(model, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                ModelId = id;
            }
            else
            {
                Fail(ModelName, "Choose a model from the list.");
            }
        }

        From = Day(FromName);
        To = Day(ToName);
        if (From > To)
        {
            Fail(ToName, "The last day is before the first day. Swap them, or clear one.");
        }

        Archived = Value(ArchivedName) switch
        {
            "" => ArchivedChoice.No,
            "only" => ArchivedChoice.Only,
            "all" => ArchivedChoice.All,
            _ => Fail(ArchivedName, "Choose which chats to show from the list.", ArchivedChoice.No),
        };
        Sort = Value(SortName) switch
        {
            "" => HistorySort.Newest,
            "oldest" => HistorySort.Oldest,
            "title" => HistorySort.Title,
            _ => Fail(SortName, "Choose an order from the list.", HistorySort.Newest),
        };
    }

    private DateOnly? Day(string name)
    {
        var value = Value(name);
        if (value.Length == 0)
        {
            return null;
        }
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }
        Fail(name, "Enter the day as year-month-day, for example 2026-03-31.");
        return null;
    }

    private void Fail(string name, string? error)
    {
        if (error is not null)
        {
            errors[name] = error;
        }
    }

    private T Fail<T>(string name, string error, T fallback)
    {
        errors[name] = error;
        return fallback;
    }
}

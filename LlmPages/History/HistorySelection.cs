namespace LlmPages.History;

/// <summary>
/// The chats an action of the history is for, from its form: the one named by a row's own button (<c>only</c>), or
/// every one ticked (<c>ids</c>). Whether they are the person's is the action's business (all or nothing, else 404).
/// </summary>
public static class HistorySelection
{
    /// <summary>The ticked chats' checkboxes.</summary>
    public const string Field = "ids";

    /// <summary>A row's own button, naming its chat.</summary>
    public const string One = "only";

    /// <summary>The most chats one action takes (more than any page shows).</summary>
    public const int Max = 500;

    /// <summary>
    /// The posted form, or an empty one when the body is not a form (a JSON body, say): reading
    /// <see cref="HttpRequest.Form"/> of such a request throws, which would be a 500 rather than a message.
    /// </summary>
    public static IFormCollection FormOf(HttpRequest request) => request.HasFormContentType ? request.Form : FormCollection.Empty;

    /// <summary>The chats, each once, or why there are none to act on (a message for the person).</summary>
    public static (IReadOnlyList<Guid> Ids, string? Error) Read(IFormCollection form)
    {
        var values = form[One].Any(v => !string.IsNullOrEmpty(v)) ? form[One] : form[Field];
        var ids = new List<Guid>();
        foreach (var value in values)
        {
            if (!Guid.TryParse(value, out var id))
            {
                return ([], "The chats chosen could not be read. Tick them again.");
            }
            if (!ids.Contains(id))
            {
                ids.Add(id);
            }
        }
        return ids.Count switch
        {
            0 => ([], "Tick at least one chat first."),
            > Max => ([], $"Choose at most {Max} chats at once."),
            _ => (ids, null),
        };
    }
}

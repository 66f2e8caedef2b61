using LlmPages.History;

namespace LlmPages.Pages.History;

/// <summary>
/// One field of the history's GET form, drawn by _FilterField.cshtml as the field tag helper draws fields (label, hint,
/// the error beside it, the value kept), but named by the short query-string names every view's link uses (<c>q</c>, <c>from</c>...).
/// </summary>
/// <param name="Type">An input type, or "select" with <paramref name="Options"/>.</param>
public sealed record FilterField(
    string Name, string Label, string Value, string? Error, string Type = "text", string? Hint = null,
    IReadOnlyList<HistoryReader.Choice>? Options = null);

namespace LlmPages.Pages.Settings;

/// <summary>
/// A group of radio buttons for <c>_Choices.cshtml</c>: its field's name in the form, legend, hint and options. The first
/// radio gets the field's id, so the error summary's link lands in the group.
/// </summary>
public sealed record Choices(string Name, string Legend, string? Hint, string Selected, IReadOnlyList<(string Value, string Label)> Options);

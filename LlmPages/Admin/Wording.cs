namespace LlmPages.Admin;

/// <summary>Small pieces of admin wording used by several pages.</summary>
public static class Wording
{
    /// <summary>"1 provider", "2 providers".</summary>
    public static string Count(int count, string singular, string? plural = null) =>
        $"{count} {(count == 1 ? singular : plural ?? singular + "s")}";

    /// <summary>A name in curly quotes, as the pages quote names: “Chat”.</summary>
    public static string Quote(string name) => $"\u201C{name}\u201D";

    /// <summary>"…abcd" for a key hint, or null.</summary>
    public static string? KeyEnding(string? hint) => string.IsNullOrEmpty(hint) ? null : $"\u2026{hint}";
}

using LlmPages.Chat.Rendering;
namespace LlmPages.Chat.Conversations;

/// <summary>How chats are named: from their first words at once, by the model soon after.</summary>
public static class ConversationTitles
{
    public const int MaxLength = 80;

    /// <summary>The title a new chat has until (or unless) the model names it: its first words.</summary>
    public static string FromFirstMessage(string message)
    {
        var title = PlainTextPreview.Shorten(message, 60);
        return title.Length == 0 ? "New chat" : title;
    }

    /// <summary>
    /// A model's suggested title made fit for a list: its first line, without quotes, Markdown marks or a final
    /// full stop; null when nothing usable is left.
    /// </summary>
    public static string? Clean(string? suggestion)
    {
        if (string.IsNullOrWhiteSpace(suggestion))
        {
            return null;
        }
        var line = suggestion.Trim().Split('\n', 2)[0];
        if (line.StartsWith("title:", StringComparison.OrdinalIgnoreCase))
        {
            line = line[6..];
        }
        line = line.Trim().Trim('"', '\'', '“', '”', '‘', '’', '*', '#', '`', '_', ' ').TrimEnd('.');
        line = PlainTextPreview.Shorten(line, MaxLength);
        return line.Length == 0 ? null : line;
    }
}

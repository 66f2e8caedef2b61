using System.Text;

namespace LlmPages.Chat.Rendering;

/// <summary>Collapses text to one line and shortens it at a word boundary, for titles and previews.</summary>
internal static class PlainTextPreview
{
    private const char Ellipsis = '…';

    public static string Shorten(string text, int maxLength)
    {
        var line = Collapse(text);
        if (line.Length <= maxLength)
        {
            return line;
        }

        // Leave room for the ellipsis, and never split a surrogate pair.
        var cut = maxLength - 1;
        if (cut > 0 && char.IsHighSurrogate(line[cut - 1]))
        {
            cut--;
        }
        var space = line.LastIndexOf(' ', cut);
        // Prefer a word boundary, unless that would throw most of the text away (one very long word).
        if (space > maxLength / 2)
        {
            cut = space;
        }
        return string.Concat(line.AsSpan(0, cut).TrimEnd(), Ellipsis.ToString());
    }

    /// <summary>Any run of whitespace or control characters becomes one space; the ends are trimmed.</summary>
    public static string Collapse(string text)
    {
        var line = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = line.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                line.Append(' ');
                pendingSpace = false;
            }
            line.Append(c);
        }
        return line.ToString();
    }
}

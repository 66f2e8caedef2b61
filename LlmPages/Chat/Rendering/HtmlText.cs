using System.Text;

namespace LlmPages.Chat.Rendering;

/// <summary>Escapes text for HTML element content: only what can start markup or an entity, so the text stays small.</summary>
public static class HtmlText
{
    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny('<', '>', '&') < 0)
        {
            return text;
        }
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }
}

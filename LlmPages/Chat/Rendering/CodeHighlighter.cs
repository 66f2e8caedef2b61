using System.Net;
using System.Text;
using ColorCode;
using ColorCode.Styling;

namespace LlmPages.Chat.Rendering;

/// <summary>
/// Server-side highlighting with ColorCode's <see cref="HtmlClassFormatter"/>: spans with classes, never inline
/// styles (the CSP forbids them). The classes are prefixed "hl-" so "keyword" or "string" cannot collide with
/// the design system's own class names.
/// </summary>
internal static class CodeHighlighter
{
    /// <summary>ColorCode is regex-based: past this size a block is shown plain, to keep rendering cheap.</summary>
    public const int MaxHighlightedLength = 32 * 1024;

    private const string ClassPrefix = "hl-";

    private static readonly StyleDictionary Styles = PrefixedStyles();

    /// <summary>Every class a highlighted span can carry, for the sanitizer's allow-list.</summary>
    public static IEnumerable<string> ClassNames => Styles.Select(s => s.ReferenceName);

    /// <summary>The stylesheet for the highlighting classes (light theme), for the design system to adopt.</summary>
    public static string Stylesheet() => new HtmlClassFormatter(Styles).GetCSSString();

    /// <summary>The inner HTML of a <c>code</c> element: highlighted when possible, escaped text otherwise.</summary>
    public static string ToHtml(string code, ILanguage? language)
    {
        if (language is null || code.Length > MaxHighlightedLength)
        {
            return WebUtility.HtmlEncode(code);
        }

        // A formatter keeps its writer in a field while it works: one per call keeps this thread-safe.
        var html = new HtmlClassFormatter(Styles).GetHtmlString(code, language);
        return StripWrapper(html, language) ?? WebUtility.HtmlEncode(code);
    }

    /// <summary>
    /// ColorCode wraps its output in <c>&lt;div class="csharp"&gt;&lt;pre&gt;</c>; we write our own
    /// <c>pre</c>/<c>code</c>, so keep only what is inside. Null when the output is not the expected shape.
    /// </summary>
    private static string? StripWrapper(string html, ILanguage language)
    {
        var head = $"<div class=\"{language.CssClassName}\"><pre>";
        const string Tail = "</pre></div>";
        if (!html.StartsWith(head, StringComparison.Ordinal) || !html.EndsWith(Tail, StringComparison.Ordinal))
        {
            return null;
        }

        // ColorCode adds a line break after <pre> and before </pre>.
        var inner = html.AsSpan(head.Length, html.Length - head.Length - Tail.Length);
        inner = TrimOneLineBreak(inner, atStart: true);
        inner = TrimOneLineBreak(inner, atStart: false);
        return inner.ToString();
    }

    private static ReadOnlySpan<char> TrimOneLineBreak(ReadOnlySpan<char> text, bool atStart)
    {
        foreach (var lineBreak in (ReadOnlySpan<string>)["\r\n", "\n"])
        {
            if (atStart && text.StartsWith(lineBreak, StringComparison.Ordinal))
            {
                return text[lineBreak.Length..];
            }
            if (!atStart && text.EndsWith(lineBreak, StringComparison.Ordinal))
            {
                return text[..^lineBreak.Length];
            }
        }
        return text;
    }

    private static StyleDictionary PrefixedStyles()
    {
        var styles = new StyleDictionary();
        foreach (var style in StyleDictionary.DefaultLight)
        {
            styles.Add(new Style(style.ScopeName)
            {
                ReferenceName = ClassPrefix + KebabCase(style.ReferenceName),
                Foreground = style.Foreground,
                Background = style.Background,
                Italic = style.Italic,
                Bold = style.Bold,
            });
        }
        return styles;
    }

    private static string KebabCase(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('-');
            }
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }
}

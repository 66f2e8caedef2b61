using System.Text;
using LlmPages.Chat.Rendering;
using LlmPages.Data;
using Microsoft.AspNetCore.Html;

namespace LlmPages.History;

/// <summary>
/// The words of a search highlighted in a text: a short window of a message around its first match, or a whole
/// title. The text is untrusted (a model wrote it, or a person): every piece of it is HTML-escaped, and only then are
/// the <c>&lt;mark&gt;</c> elements put around the matched words; nothing the database returns is taken as HTML.
/// Words match as the search matched them (<see cref="SearchText.Fold"/>), so the marks fall on exactly those words.
/// </summary>
public static class SearchSnippet
{
    /// <summary>How long a snippet is, in characters, before its ellipses.</summary>
    public const int Length = 200;

    /// <summary>
    /// About <see cref="Length"/> characters of <paramref name="text"/> (on one line) around its first word of the search,
    /// marked; null when none of its words is one.
    /// </summary>
    public static IHtmlContent? Of(string text, SearchQuery query)
    {
        var line = PlainTextPreview.Collapse(text.Length <= SearchText.MaxIndexedLength ? text : text[..SearchText.MaxIndexedLength]);
        var matches = new List<Range>();
        var window = (Start: 0, End: line.Length);
        foreach (var word in SearchText.Words(line))
        {
            if (matches.Count > 0 && word.End.Value > window.End)
            {
                break;
            }
            if (!query.Words.Contains(SearchText.Fold(line[word])))
            {
                continue;
            }
            if (matches.Count == 0)
            {
                // A third of the snippet before the first match, starting on a word.
                var start = Math.Max(0, word.Start.Value - Length / 3);
                if (start > 0)
                {
                    var space = line.IndexOf(' ', start);
                    start = space >= 0 && space < word.Start.Value ? space + 1 : word.Start.Value;
                }
                var end = Math.Max(word.End.Value, Math.Min(line.Length, start + Length));
                if (end < line.Length)
                {
                    var space = line.LastIndexOf(' ', end);
                    end = space > word.End.Value ? space : end;
                }
                if (end < line.Length && char.IsLowSurrogate(line[end]))
                {
                    end--;
                }
                window = (start, end);
            }
            matches.Add(word);
        }
        if (matches.Count == 0)
        {
            return null;
        }
        var html = new StringBuilder();
        if (window.Start > 0)
        {
            html.Append('…');
        }
        AppendMarked(html, line, window.Start, window.End, matches);
        if (window.End < line.Length)
        {
            html.Append('…');
        }
        return new HtmlString(html.ToString());
    }

    /// <summary>The whole of <paramref name="text"/>, escaped, with the words of the search marked.</summary>
    public static IHtmlContent Highlight(string text, SearchQuery? query)
    {
        if (query is null)
        {
            return new HtmlString(HtmlText.Escape(text));
        }
        var matches = SearchText.Words(text).Where(w => query.Words.Contains(SearchText.Fold(text[w]))).ToList();
        var html = new StringBuilder(text.Length + matches.Count * 13);
        AppendMarked(html, text, 0, text.Length, matches);
        return new HtmlString(html.ToString());
    }

    private static void AppendMarked(StringBuilder html, string text, int start, int end, List<Range> matches)
    {
        var at = start;
        foreach (var match in matches)
        {
            var (from, to) = (match.Start.Value, match.End.Value);
            if (from < at || to > end)
            {
                continue;
            }
            html.Append(HtmlText.Escape(text[at..from])).Append("<mark>").Append(HtmlText.Escape(text[from..to])).Append("</mark>");
            at = to;
        }
        html.Append(HtmlText.Escape(text[at..end]));
    }
}

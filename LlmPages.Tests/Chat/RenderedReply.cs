using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace LlmPages.Tests.Chat;

/// <summary>Parses rendered reply HTML the way a browser would, inside a body, to assert on its structure.</summary>
internal static class RenderedReply
{
    private static readonly HtmlParser Parser = new();

    public static IElement Parse(string html)
    {
        var document = Parser.ParseDocument("<!doctype html><html><body></body></html>");
        var body = document.Body!;
        foreach (var node in Parser.ParseFragment(html, body).ToList())
        {
            body.AppendChild(node);
        }
        return body;
    }

    /// <summary>The text a reader sees, with whitespace runs collapsed.</summary>
    public static string Text(IElement element) => Collapse(element.TextContent);

    /// <summary>Whitespace runs as one space, as a reader sees them.</summary>
    public static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

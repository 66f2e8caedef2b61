using AngleSharp.Dom;

namespace LlmPages.Tests.Chat;

/// <summary>
/// What "inert" means for a reply's HTML, checked on the DOM a browser would build from it: only elements and
/// attributes our renderer writes; no script-capable element (script, style, iframe, object, embed, form...);
/// no event handler, htmx, data-, style or id attribute; no image or other resource that loads by itself;
/// links only to absolute http, https or mailto URLs. Each wall of the rendering (the link filter, the Markdown
/// pipeline, the sanitizer) is held to it on its own, and the whole renderer too, so that a weakened wall is
/// seen even while the other one still catches what it lets through.
/// </summary>
internal static class InertHtml
{
    /// <summary>Every element our renderer may produce; anything else in the output is a failure.</summary>
    private static readonly HashSet<string> AllowedElements =
    [
        "p", "br", "hr", "strong", "em", "del", "code", "pre", "span", "blockquote", "ul", "ol", "li", "a",
        "h3", "h4", "h5", "h6", "div", "table", "thead", "tbody", "tr", "th", "td", "input",
    ];

    /// <summary>Every attribute our renderer may produce (on some element).</summary>
    private static readonly HashSet<string> AllowedAttributes =
        ["href", "rel", "class", "tabindex", "role", "aria-label", "start", "type", "disabled", "checked"];

    private static readonly string[] ForbiddenElements =
        ["script", "iframe", "object", "embed", "style", "link", "meta", "base", "form", "svg", "math", "img", "button", "noscript", "template"];

    private static readonly string[] ForbiddenAttributes = ["style", "id", "name", "srcdoc", "formaction", "src", "target", "title"];

    private static readonly string[] SafeSchemes = ["http", "https", "mailto"];

    /// <summary>Parses <paramref name="html"/>, asserts that it is inert, and returns it for further checks.</summary>
    public static IElement Assert(string html)
    {
        var reply = RenderedReply.Parse(html);
        foreach (var forbidden in ForbiddenElements)
        {
            Xunit.Assert.Empty(reply.GetElementsByTagName(forbidden));
        }
        foreach (var element in reply.Descendants<IElement>())
        {
            Xunit.Assert.Contains(element.LocalName, AllowedElements);
            foreach (var attribute in element.Attributes)
            {
                AssertAttributeIsSafe(element, attribute);
            }
            if (element.LocalName == "input")
            {
                // Only the read-only boxes of task lists.
                Xunit.Assert.Equal("checkbox", element.GetAttribute("type"));
                Xunit.Assert.True(element.HasAttribute("disabled"), element.OuterHtml);
            }
        }
        return reply;
    }

    /// <summary>A link target a browser cannot run script from or use to reach into the app: absolute http(s) or mailto.</summary>
    public static void AssertSafeHref(string? url)
    {
        Xunit.Assert.True(Uri.TryCreate(url, UriKind.Absolute, out var uri), $"href=\"{url}\" is not an absolute URL");
        Xunit.Assert.True(SafeSchemes.Contains(uri.Scheme), $"href=\"{url}\" has the scheme {uri.Scheme}");
        // Browsers drop tabs and newlines inside a URL, so the scheme they see may differ from the one parsed here.
        Xunit.Assert.False(url!.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)), $"href=\"{url}\" has spaces or control characters");
    }

    private static void AssertAttributeIsSafe(IElement element, IAttr attribute)
    {
        var name = attribute.Name.ToLowerInvariant();
        var where = $"<{element.LocalName} {name}=\"{attribute.Value}\">";
        Xunit.Assert.False(name.StartsWith("on", StringComparison.Ordinal), where);
        Xunit.Assert.False(name.StartsWith("hx-", StringComparison.Ordinal), where);
        Xunit.Assert.False(name.StartsWith("data-", StringComparison.Ordinal), where);
        Xunit.Assert.DoesNotContain(name, ForbiddenAttributes);
        Xunit.Assert.True(AllowedAttributes.Contains(name), where);
        if (name == "href")
        {
            AssertSafeHref(attribute.Value);
        }
    }
}

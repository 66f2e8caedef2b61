using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax.Inlines;

namespace LlmPages.Chat.Rendering;

/// <summary>
/// Writes links and images under one rule: an <c>href</c> only for an allowed URL (<see cref="SafeUrl"/>),
/// otherwise just the text. Images are never loaded (no remote requests, no tracking pixels): an image
/// becomes a link saying "Image: alt", or only its alt text. No title, no attributes from the input.
/// </summary>
internal sealed class SafeLinkRenderer : HtmlObjectRenderer<LinkInline>
{
    protected override void Write(HtmlRenderer renderer, LinkInline link)
    {
        var url = link.GetDynamicUrl?.Invoke() ?? link.Url;
        if (link.IsImage)
        {
            WriteImage(renderer, link, url);
            return;
        }

        if (!renderer.EnableHtmlForInline || !SafeUrl.IsAllowed(url))
        {
            renderer.WriteChildren(link);
            return;
        }

        renderer.Write("<a href=\"").WriteEscapeUrl(url).Write("\">");
        if (link.FirstChild is null)
        {
            // An empty link would be an unlabelled tab stop: show where it goes instead.
            renderer.WriteEscape(url);
        }
        else
        {
            renderer.WriteChildren(link);
        }
        renderer.Write("</a>");
    }

    private static void WriteImage(HtmlRenderer renderer, LinkInline image, string? url)
    {
        var alt = InlineText.Of(image).Trim();
        // An image inside a link's text cannot be a link itself (no nested anchors).
        var insideLink = IsInsideLink(image);
        if (!renderer.EnableHtmlForInline || insideLink || !SafeUrl.IsAllowed(url))
        {
            renderer.WriteEscape(insideLink && renderer.EnableHtmlForInline ? ImageLabel(alt, url) : alt);
            return;
        }

        renderer.Write("<a href=\"").WriteEscapeUrl(url).Write("\">").WriteEscape(ImageLabel(alt, url)).Write("</a>");
    }

    private static bool IsInsideLink(Inline inline)
    {
        for (var parent = inline.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is LinkInline)
            {
                return true;
            }
        }
        return false;
    }

    private static string ImageLabel(string alt, string? url) => $"Image: {(alt.Length > 0 ? alt : url)}";
}

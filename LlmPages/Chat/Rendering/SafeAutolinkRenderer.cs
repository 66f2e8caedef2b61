using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax.Inlines;

namespace LlmPages.Chat.Rendering;

/// <summary>
/// Writes <c>&lt;https://…&gt;</c> and <c>&lt;user@example.com&gt;</c> autolinks. CommonMark accepts any scheme
/// here, so <c>&lt;javascript:alert(1)&gt;</c> is an autolink too: that one is written as text.
/// </summary>
internal sealed class SafeAutolinkRenderer : HtmlObjectRenderer<AutolinkInline>
{
    protected override void Write(HtmlRenderer renderer, AutolinkInline autolink)
    {
        var url = autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url;
        if (!renderer.EnableHtmlForInline || !SafeUrl.IsAllowed(url))
        {
            renderer.WriteEscape(autolink.Url);
            return;
        }
        renderer.Write("<a href=\"").WriteEscapeUrl(url).Write("\">").WriteEscape(autolink.Url).Write("</a>");
    }
}

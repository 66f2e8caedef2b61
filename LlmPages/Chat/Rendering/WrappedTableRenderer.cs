using Markdig.Extensions.Tables;
using Markdig.Renderers;

namespace LlmPages.Chat.Rendering;

/// <summary>
/// Markdig's table, inside a focusable, labelled region that scrolls sideways on narrow screens (the region
/// role and label let screen-reader and keyboard users find and scroll it).
/// </summary>
internal sealed class WrappedTableRenderer : HtmlTableRenderer
{
    protected override void Write(HtmlRenderer renderer, Table table)
    {
        if (!renderer.EnableHtmlForBlock)
        {
            base.Write(renderer, table);
            return;
        }

        renderer.EnsureLine();
        renderer.WriteLine("<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table\">");
        base.Write(renderer, table);
        renderer.WriteLine("</div>");
    }
}

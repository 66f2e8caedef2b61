using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace LlmPages.Chat.Rendering;

/// <summary>
/// Writes fenced and indented code as <c>&lt;pre tabindex="0"&gt;&lt;code class="language-x"&gt;</c>: tabindex so
/// keyboard users can scroll wide code; the class only for languages we know, never the raw info string.
/// </summary>
internal sealed class HighlightedCodeBlockRenderer : HtmlObjectRenderer<CodeBlock>
{
    protected override void Write(HtmlRenderer renderer, CodeBlock block)
    {
        renderer.EnsureLine();
        if (!renderer.EnableHtmlForBlock)
        {
            renderer.WriteLeafRawLines(block, true, renderer.EnableHtmlEscape);
            return;
        }

        var language = block is FencedCodeBlock fenced ? CodeLanguages.Find(fenced.Info) : null;
        renderer.Write("<pre tabindex=\"0\"><code");
        if (language is not null)
        {
            renderer.Write(" class=\"").Write(language.ClassName).Write('"');
        }
        renderer.Write('>');

        var code = block.Lines.ToString();
        if (code.Length > 0)
        {
            renderer.Write(CodeHighlighter.ToHtml(code, language?.Highlighter)).Write('\n');
        }
        renderer.WriteLine("</code></pre>");
    }
}

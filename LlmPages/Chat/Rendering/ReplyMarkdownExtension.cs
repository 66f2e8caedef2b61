using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Renderers.Html.Inlines;

namespace LlmPages.Chat.Rendering;

/// <summary>
/// Ties our rules into a Markdig pipeline: adjust each parsed reply (<see cref="ReplyDocumentRewriter"/>) and
/// swap in our renderers for links, code blocks and tables. Add it last, after the extensions it overrides.
/// </summary>
internal sealed class ReplyMarkdownExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline) => pipeline.DocumentProcessed += ReplyDocumentRewriter.Rewrite;

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is not HtmlRenderer html)
        {
            return;
        }
        html.ObjectRenderers.ReplaceOrAdd<LinkInlineRenderer>(new SafeLinkRenderer());
        html.ObjectRenderers.ReplaceOrAdd<AutolinkInlineRenderer>(new SafeAutolinkRenderer());
        html.ObjectRenderers.ReplaceOrAdd<CodeBlockRenderer>(new HighlightedCodeBlockRenderer());
        html.ObjectRenderers.ReplaceOrAdd<HtmlTableRenderer>(new WrappedTableRenderer());
    }
}

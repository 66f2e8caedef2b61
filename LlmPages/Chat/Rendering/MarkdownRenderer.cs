using System.Net;
using Markdig;
using Markdig.Extensions.EmphasisExtras;

namespace LlmPages.Chat.Rendering;

/// <summary>
/// Turns a model's reply (untrusted Markdown) into HTML that is safe to put in a page: no raw HTML, no
/// script-capable URLs, no remote images, no attributes from the input, and a sanitizer over the result.
/// One instance serves the app: the pipelines are built once and rendering keeps no shared state.
/// </summary>
public sealed partial class MarkdownRenderer(ILogger<MarkdownRenderer>? logger = null)
{
    // Each pipeline and the sanitizer is built when first used rather than with the app's services: the chat's
    // singletons are made at start-up, and a server that has rendered nothing yet need not hold Markdig's pipelines,
    // HtmlSanitizer and AngleSharp (its HTML and CSS parsers), several MB of code and types.

    // Explicit extensions rather than UseAdvancedExtensions(): that one includes GenericAttributes, which lets
    // input put onclick=, hx-* or id= on links and headings. Raw HTML is shown as text, not executed or dropped.
    private readonly Lazy<MarkdownPipeline> htmlPipeline = new(() => CommonExtensions(new MarkdownPipelineBuilder())
        .UseAutoLinks()
        .Use<ReplyMarkdownExtension>()
        .Build());

    // Markdig's bare-URL autolinker slows down more than linearly with the number of URLs in a paragraph
    // (40,000 took over a minute): past a limit, bare URLs stay text and Markdown links still work.
    private readonly Lazy<MarkdownPipeline> htmlPipelineWithoutAutoLinks = new(() => CommonExtensions(new MarkdownPipelineBuilder())
        .Use<ReplyMarkdownExtension>()
        .Build());

    private readonly Lazy<MarkdownPipeline> textPipeline = new(() => CommonExtensions(new MarkdownPipelineBuilder()).Build());

    /// <summary>Bare URLs turned into links at most; a reply with more keeps them as text.</summary>
    internal const int MaxBareUrls = 1_000;

    private readonly Lazy<ReplyHtmlSanitizer> sanitizer = new(() => new ReplyHtmlSanitizer());

    /// <summary>Safe HTML for a reply body; empty for null or empty input. Never throws on odd input.</summary>
    public string ToHtml(string? markdown) =>
        string.IsNullOrEmpty(markdown) ? string.Empty : sanitizer.Value.Sanitize(ToUnsanitizedHtml(markdown));

    /// <summary>
    /// The first wall alone: the Markdown pipeline's HTML before the sanitizer sees it. Only for tests, which
    /// hold each wall to the hostile corpus on its own: with the sanitizer behind it, a weakened pipeline
    /// (raw HTML let through, a script-capable link written) would go unnoticed.
    /// </summary>
    internal string ToUnsanitizedHtml(string markdown)
    {
        try
        {
            var pipeline = BareUrlCandidates(markdown) <= MaxBareUrls ? htmlPipeline.Value : htmlPipelineWithoutAutoLinks.Value;
            return Markdown.ToHtml(markdown, pipeline);
        }
        catch (ArgumentException ex)
        {
            // Markdig refuses input nested past its depth limit (e.g. ">" ten thousand times): show it as text.
            LogRenderFailed(ex);
            return AsPlainParagraph(markdown);
        }
    }

    /// <summary>
    /// The reply as one line of plain text (no markup, whitespace collapsed), cut at a word boundary with "…"
    /// so that it is at most <paramref name="maxLength"/> characters: for titles and previews.
    /// </summary>
    public string ToPlainTextPreview(string? markdown, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        if (string.IsNullOrEmpty(markdown))
        {
            return string.Empty;
        }

        string text;
        try
        {
            text = Markdown.ToPlainText(markdown, textPipeline.Value);
        }
        catch (ArgumentException ex)
        {
            LogRenderFailed(ex);
            text = markdown;
        }
        return PlainTextPreview.Shorten(text, maxLength);
    }

    private static MarkdownPipelineBuilder CommonExtensions(MarkdownPipelineBuilder builder) => builder
        .UsePipeTables()
        .UseEmphasisExtras(EmphasisExtraOptions.Strikethrough)
        .UseTaskLists()
        .DisableHtml();

    /// <summary>A cheap upper bound on what the autolinker would look at: "://", "www." and "mailto:".</summary>
    private static int BareUrlCandidates(string markdown)
    {
        var count = 0;
        foreach (var marker in (ReadOnlySpan<string>)["://", "www.", "mailto:"])
        {
            var rest = markdown.AsSpan();
            int at;
            while (count <= MaxBareUrls && (at = rest.IndexOf(marker, StringComparison.OrdinalIgnoreCase)) >= 0)
            {
                count++;
                rest = rest[(at + marker.Length)..];
            }
        }
        return count;
    }

    private static string AsPlainParagraph(string markdown) =>
        "<p>" + WebUtility.HtmlEncode(markdown).ReplaceLineEndings("<br>\n") + "</p>";

    private void LogRenderFailed(Exception ex)
    {
        if (logger is not null)
        {
            LogMarkdownNotRendered(logger, ex);
        }
    }

    // No content in the log: replies are private.
    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "A reply could not be rendered as Markdown and is shown as plain text")]
    private static partial void LogMarkdownNotRendered(ILogger logger, Exception exception);
}

using LlmPages.Chat.Rendering;
using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html.Inlines;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace LlmPages.Tests.Chat;

/// <summary>
/// The first wall's link filter on its own (<see cref="SafeUrl"/> and the link renderers that ask it), with no
/// sanitizer behind it: allowing <c>javascript:</c> here must fail a test even though the sanitizer would still
/// remove such links.
/// </summary>
[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
public sealed class LinkFilterTests
{
    /// <summary>The corpus without its stress cases: plain Markdig has no guard against them (forty thousand bare URLs take minutes).</summary>
    private static readonly HostileMarkdownCorpus.HostileCase[] WithoutStress =
        [.. HostileMarkdownCorpus.All.Where(c => !c.Name.Contains("thousand", StringComparison.Ordinal))];

    public static TheoryData<string> Cases => new(WithoutStress.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(HostileMarkdownCorpus.UrlCases), MemberType = typeof(HostileMarkdownCorpus))]
    public void TheFilterRefusesEveryHostileUrl(string url)
    {
        Assert.False(SafeUrl.IsAllowed(url), url);
    }

    [Theory]
    [InlineData("https://example.com/a?b=c#d")]
    [InlineData("http://localhost:8080/")]
    [InlineData("mailto:someone@example.com")]
    public void TheFilterKeepsOrdinaryLinks(string url)
    {
        Assert.True(SafeUrl.IsAllowed(url));
    }

    [Fact]
    public void EveryUrlInTheCorpusThatTheFilterLetsThroughIsSafe()
    {
        var urls = WithoutStress.SelectMany(c => UrlsIn(c.Markdown)).ToList();

        // The decoded disguises reach the filter as the plain scheme.
        Assert.Contains("javascript:alert(1)", urls);
        Assert.All(urls.Where(SafeUrl.IsAllowed), InertHtml.AssertSafeHref);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheLinkRenderersWriteNoScriptCapableLinkAndNoImage(string name)
    {
        var html = RenderWithOnlyTheLinkRenderers(HostileMarkdownCorpus.Get(name).Markdown);

        var output = RenderedReply.Parse(html);
        Assert.Empty(output.QuerySelectorAll("img, [src], [srcset], [title], [style]"));
        foreach (var link in output.QuerySelectorAll("a"))
        {
            Assert.Equal(["href"], link.Attributes.Select(a => a.Name));
            InertHtml.AssertSafeHref(link.GetAttribute("href"));
        }
    }

    /// <summary>The URLs Markdig reads out of links, images, reference definitions and autolinks, decoded.</summary>
    private static IEnumerable<string> UrlsIn(string markdown)
    {
        var document = Markdown.Parse(markdown, new MarkdownPipelineBuilder().UseAutoLinks().Build());
        foreach (var inline in document.Descendants<Inline>())
        {
            switch (inline)
            {
                case LinkInline { Url: { } url }:
                    yield return url;
                    break;
                case AutolinkInline autolink:
                    yield return autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url;
                    break;
            }
        }
    }

    /// <summary>
    /// Plain Markdig (raw HTML off, so that only links can carry anything) with our two link renderers and
    /// nothing else of ours: no document rewriting, no sanitizer.
    /// </summary>
    private static string RenderWithOnlyTheLinkRenderers(string markdown)
    {
        var pipeline = new MarkdownPipelineBuilder().UseAutoLinks().DisableHtml().Build();
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        pipeline.Setup(renderer);
        renderer.ObjectRenderers.ReplaceOrAdd<LinkInlineRenderer>(new SafeLinkRenderer());
        renderer.ObjectRenderers.ReplaceOrAdd<AutolinkInlineRenderer>(new SafeAutolinkRenderer());
        renderer.Render(Markdown.Parse(markdown, pipeline));
        writer.Flush();
        return writer.ToString();
    }
}

using System.Diagnostics;
using AngleSharp.Dom;
using LlmPages.Chat;
using LlmPages.Chat.Rendering;

namespace LlmPages.Tests.Chat;

[Collection(TimedRendering.Name)]
public sealed class HostileMarkdownTests
{
    private static readonly MarkdownRenderer Renderer = new();

    /// <summary>Every element our renderer may produce; anything else in the output is a failure.</summary>
    private static readonly HashSet<string> AllowedElements =
    [
        "p", "br", "hr", "strong", "em", "del", "code", "pre", "span", "blockquote", "ul", "ol", "li", "a",
        "h3", "h4", "h5", "h6", "div", "table", "thead", "tbody", "tr", "th", "td", "input",
    ];

    private static readonly string[] ForbiddenElements =
        ["script", "iframe", "object", "embed", "style", "link", "meta", "base", "form", "svg", "math", "img", "button", "noscript", "template"];

    private static readonly string[] ForbiddenAttributes = ["style", "id", "name", "srcdoc", "formaction", "src", "target", "title"];

    [Fact]
    public void TheCorpusHasEnoughDistinctCases()
    {
        Assert.True(HostileMarkdownCorpus.All.Count >= 40);
        Assert.Equal(HostileMarkdownCorpus.All.Count, HostileMarkdownCorpus.All.Select(c => c.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(HostileMarkdownCorpus.Names), MemberType = typeof(HostileMarkdownCorpus))]
    public void HostileMarkdownRendersToInertHtml(string name)
    {
        var hostile = HostileMarkdownCorpus.Get(name);

        var watch = Stopwatch.StartNew();
        var html = Renderer.ToHtml(hostile.Markdown);
        watch.Stop();
        var reply = RenderedReply.Parse(html);

        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        foreach (var forbidden in ForbiddenElements)
        {
            Assert.Empty(reply.GetElementsByTagName(forbidden));
        }
        foreach (var element in reply.Descendants<IElement>())
        {
            Assert.Contains(element.LocalName, AllowedElements);
            foreach (var attribute in element.Attributes)
            {
                AssertAttributeIsSafe(element, attribute);
            }
        }
        if (hostile.VisibleText is { } visible)
        {
            Assert.Contains(Collapse(visible), RenderedReply.Text(reply), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(HostileMarkdownCorpus.Names), MemberType = typeof(HostileMarkdownCorpus))]
    public void HostileMarkdownGivesAPlainTextPreview(string name)
    {
        var preview = Renderer.ToPlainTextPreview(HostileMarkdownCorpus.Get(name).Markdown, 80);

        Assert.InRange(preview.Length, 0, 80);
        Assert.DoesNotContain('\n', preview);
    }

    private static void AssertAttributeIsSafe(IElement element, IAttr attribute)
    {
        var attributeName = attribute.Name.ToLowerInvariant();
        Assert.False(attributeName.StartsWith("on", StringComparison.Ordinal), $"<{element.LocalName} {attributeName}>");
        Assert.False(attributeName.StartsWith("hx-", StringComparison.Ordinal), $"<{element.LocalName} {attributeName}>");
        Assert.False(attributeName.StartsWith("data-", StringComparison.Ordinal), $"<{element.LocalName} {attributeName}>");
        Assert.DoesNotContain(attributeName, ForbiddenAttributes);
        if (attributeName == "href")
        {
            Assert.True(Uri.TryCreate(attribute.Value, UriKind.Absolute, out var uri), attribute.Value);
            Assert.Contains(uri.Scheme, (string[])["http", "https", "mailto"]);
        }
    }

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

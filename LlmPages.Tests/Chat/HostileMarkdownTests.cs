using System.Diagnostics;
using LlmPages.Chat;
using LlmPages.Chat.Rendering;

namespace LlmPages.Tests.Chat;

[Collection(TimedRendering.Name)]
[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
public sealed class HostileMarkdownTests
{
    private static readonly MarkdownRenderer Renderer = new();

    [Fact]
    public void TheCorpusHasEnoughDistinctCases()
    {
        Assert.True(HostileMarkdownCorpus.All.Count >= 40);
        var names = HostileMarkdownCorpus.All.Concat(HostileMarkdownCorpus.Html).Select(c => c.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(HostileMarkdownCorpus.Names), MemberType = typeof(HostileMarkdownCorpus))]
    public void HostileMarkdownRendersToInertHtml(string name)
    {
        var hostile = HostileMarkdownCorpus.Get(name);

        var watch = Stopwatch.StartNew();
        var html = Renderer.ToHtml(hostile.Markdown);
        watch.Stop();

        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        var reply = InertHtml.Assert(html);
        if (hostile.VisibleText is { } visible)
        {
            Assert.Contains(RenderedReply.Collapse(visible), RenderedReply.Text(reply), StringComparison.Ordinal);
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
}

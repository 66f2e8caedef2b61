using LlmPages.Chat.Rendering;

namespace LlmPages.Tests.Chat;

/// <summary>
/// The first wall on its own: the Markdown pipeline's HTML before the sanitizer. It must already be inert,
/// so that letting raw HTML through, turning on attribute syntax or writing a script-capable link fails here
/// even though the sanitizer behind it would still clean the page.
/// </summary>
[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
public sealed class MarkdownPipelineTests
{
    private static readonly MarkdownRenderer Renderer = new();

    [Theory]
    [MemberData(nameof(HostileMarkdownCorpus.Names), MemberType = typeof(HostileMarkdownCorpus))]
    public void WithoutTheSanitizerHostileMarkdownStillRendersToInertHtml(string name)
    {
        var hostile = HostileMarkdownCorpus.Get(name);

        var reply = InertHtml.Assert(Renderer.ToUnsanitizedHtml(hostile.Markdown));

        if (hostile.VisibleText is { } visible)
        {
            Assert.Contains(RenderedReply.Collapse(visible), RenderedReply.Text(reply), StringComparison.Ordinal);
        }
    }
}

using LlmPages.Chat;
using LlmPages.Chat.Rendering;

namespace LlmPages.Tests.Chat;

/// <summary>
/// A megabyte of reply renders completely and correctly (linear, not fast: seconds, mostly in the sanitizer).
/// Speed itself belongs in the benchmarks, not here.
/// </summary>
[Collection(TimedRendering.Name)]
[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
public sealed class LargeReplyTests
{
    private static readonly MarkdownRenderer Renderer = new();

    [Fact]
    public void AMegabyteReplyRendersCompletely()
    {
        var chunk = "Some **bold** text with a [link](https://example.com) and `code`.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```cs\nvar x = 1;\n```\n\n";
        var markdown = string.Concat(Enumerable.Repeat(chunk, 1_000_000 / chunk.Length + 1));

        var html = Renderer.ToHtml(markdown);

        Assert.StartsWith("<p>Some <strong>bold</strong>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void AMegabyteOfBareUrlsRendersCompletely()
    {
        var markdown = string.Concat(Enumerable.Repeat("see https://example.com/a ", 1_000_000 / 26 + 1));

        var html = Renderer.ToHtml(markdown);

        Assert.StartsWith("<p>see https://example.com/a", html, StringComparison.Ordinal);
    }
}

using LlmPages.Chat;

namespace LlmPages.Tests.Chat;

/// <summary>
/// Linear, not fast: a first 1 MB render takes seconds (more before the JIT has warmed up), mostly in the
/// sanitizer. The bounds catch a blow-up, not a slow machine.
/// </summary>
[Collection(TimedRendering.Name)]
public sealed class LargeReplyTests
{
    private static readonly MarkdownRenderer Renderer = new();

    [Fact]
    public void AMegabyteReplyRendersInReasonableTime()
    {
        var chunk = "Some **bold** text with a [link](https://example.com) and `code`.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```cs\nvar x = 1;\n```\n\n";
        var markdown = string.Concat(Enumerable.Repeat(chunk, 1_000_000 / chunk.Length + 1));

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var html = Renderer.ToHtml(markdown);
        watch.Stop();

        Assert.StartsWith("<p>Some <strong>bold</strong>", html, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void AMegabyteOfBareUrlsRendersInReasonableTime()
    {
        var markdown = string.Concat(Enumerable.Repeat("see https://example.com/a ", 1_000_000 / 26 + 1));

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var html = Renderer.ToHtml(markdown);
        watch.Stop();

        Assert.StartsWith("<p>see https://example.com/a", html, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30));
    }
}

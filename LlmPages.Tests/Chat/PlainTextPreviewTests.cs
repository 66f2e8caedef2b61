using LlmPages.Chat;
using LlmPages.Chat.Rendering;

namespace LlmPages.Tests.Chat;

[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
public sealed class PlainTextPreviewTests
{
    private static readonly MarkdownRenderer Renderer = new();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public void NothingToShowGivesAnEmptyPreview(string? markdown)
    {
        Assert.Equal(string.Empty, Renderer.ToPlainTextPreview(markdown, 50));
    }

    [Fact]
    public void MarkdownIsStrippedToItsText()
    {
        var preview = Renderer.ToPlainTextPreview("# Title\n\nSome *emphasis*, **strong**, `code` and [a link](https://example.com).\n\n- one\n- two", 200);

        Assert.Equal("Title Some emphasis, strong, code and a link. one two", preview);
    }

    [Fact]
    public void ImagesShowTheirAltTextAndCodeBlocksTheirCode()
    {
        var preview = Renderer.ToPlainTextPreview("![a chart](https://img.example/c.png)\n\n```cs\nvar x = 1;\n```", 200);

        Assert.Equal("a chart var x = 1;", preview);
    }

    [Fact]
    public void RawHtmlStaysAsTheTextTheModelWrote()
    {
        Assert.Equal("Use <b>bold</b>", Renderer.ToPlainTextPreview("Use <b>bold</b>", 200));
    }

    [Fact]
    public void WhitespaceIsCollapsedToSingleSpaces()
    {
        Assert.Equal("a b c d", Renderer.ToPlainTextPreview("a  \t b\r\n\r\n\r\nc\u00a0\u00a0d\u0007", 200));
    }

    [Fact]
    public void LongTextIsCutAtAWordBoundaryWithAnEllipsis()
    {
        var preview = Renderer.ToPlainTextPreview("The quick brown fox jumps over the lazy dog", 20);

        Assert.Equal("The quick brown fox…", preview);
        Assert.True(preview.Length <= 20);
    }

    [Fact]
    public void TextThatFitsIsNotCut()
    {
        Assert.Equal("Exactly twenty chars", Renderer.ToPlainTextPreview("Exactly twenty chars", 20));
    }

    [Fact]
    public void OneVeryLongWordIsCutMidWord()
    {
        var preview = Renderer.ToPlainTextPreview("Supercalifragilisticexpialidocious", 10);

        Assert.Equal("Supercali…", preview);
    }

    [Fact]
    public void ASurrogatePairIsNeverSplit()
    {
        var preview = Renderer.ToPlainTextPreview("abcd\U0001F600efgh", 6);

        Assert.Equal("abcd…", preview);
    }

    [Fact]
    public void DeeplyNestedInputStillGivesAPreview()
    {
        var preview = Renderer.ToPlainTextPreview(new string('>', 10_000) + " deep", 10);

        Assert.Equal(10, preview.Length);
        Assert.EndsWith("…", preview, StringComparison.Ordinal);
    }

    [Fact]
    public void AMaximumLengthBelowOneIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Renderer.ToPlainTextPreview("text", 0));
    }
}

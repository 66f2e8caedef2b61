using AngleSharp.Dom;
using LlmPages.Chat;
using LlmPages.Chat.Rendering;

namespace LlmPages.Tests.Chat;

[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
public sealed class MarkdownRendererTests
{
    private const string Rel = "nofollow noopener noreferrer ugc";

    private static readonly MarkdownRenderer Renderer = new();

    private static IElement Render(string markdown) => RenderedReply.Parse(Renderer.ToHtml(markdown));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void NullOrEmptyInputRendersNothing(string? markdown)
    {
        Assert.Equal(string.Empty, Renderer.ToHtml(markdown));
    }

    [Fact]
    public void HeadingsAreDemotedBelowThePagesOwn()
    {
        var reply = Render("# One\n\n## Two\n\n### Three\n\n#### Four\n\nSetext\n======");

        Assert.Empty(reply.QuerySelectorAll("h1, h2"));
        Assert.Equal(["h3", "h4", "h5", "h6", "h3"], reply.QuerySelectorAll("h3, h4, h5, h6").Select(h => h.LocalName));
        Assert.Equal("One", reply.QuerySelector("h3")!.TextContent);
    }

    [Fact]
    public void HeadingsGetNoIds()
    {
        var reply = Render("# main\n\n# Title {#main}");

        Assert.All(reply.QuerySelectorAll("h3"), h => Assert.False(h.HasAttribute("id")));
        Assert.Equal("Title {#main}", reply.QuerySelectorAll("h3")[1].TextContent);
    }

    [Fact]
    public void EmphasisStrongStrikethroughAndInlineCodeAreRendered()
    {
        var reply = Render("*em* **strong** ~~gone~~ `a < b`");

        Assert.Equal("em", reply.QuerySelector("p > em")!.TextContent);
        Assert.Equal("strong", reply.QuerySelector("p > strong")!.TextContent);
        Assert.Equal("gone", reply.QuerySelector("p > del")!.TextContent);
        Assert.Equal("a < b", reply.QuerySelector("p > code")!.TextContent);
    }

    [Fact]
    public void ListsKeepTheirOrderAndStart()
    {
        var reply = Render("- a\n- b\n\n3. c\n4. d");

        Assert.Equal(["a", "b"], reply.QuerySelectorAll("ul > li").Select(li => li.TextContent));
        var ordered = reply.QuerySelector("ol")!;
        Assert.Equal("3", ordered.GetAttribute("start"));
        Assert.Equal(["c", "d"], ordered.Children.Select(li => li.TextContent));
    }

    [Fact]
    public void TaskListsBecomeReadOnlyCheckboxes()
    {
        var reply = Render("- [ ] todo\n- [x] done");

        var boxes = reply.QuerySelectorAll("li.task-list-item > input").ToList();
        Assert.Equal(2, boxes.Count);
        Assert.All(boxes, b =>
        {
            Assert.Equal("checkbox", b.GetAttribute("type"));
            Assert.True(b.HasAttribute("disabled"));
        });
        Assert.False(boxes[0].HasAttribute("checked"));
        Assert.True(boxes[1].HasAttribute("checked"));
        Assert.NotNull(reply.QuerySelector("ul.contains-task-list"));
    }

    [Fact]
    public void TablesAreWrappedInAScrollableLabelledRegionAndAlignedWithClasses()
    {
        var reply = Render("| left | centre | right |\n|:--|:-:|--:|\n| 1 | 2 | 3 |");

        var wrap = reply.QuerySelector("div.table-wrap")!;
        Assert.Equal("0", wrap.GetAttribute("tabindex"));
        Assert.Equal("region", wrap.GetAttribute("role"));
        Assert.Equal("Table", wrap.GetAttribute("aria-label"));
        var table = wrap.QuerySelector(":scope > table.table")!;
        Assert.Equal(["left", "centre", "right"], table.QuerySelectorAll("thead th").Select(th => th.TextContent));
        Assert.Equal(["align-left", "align-center", "align-right"], table.QuerySelectorAll("tbody td").Select(td => td.ClassName));
        Assert.Empty(reply.QuerySelectorAll("[style]"));
    }

    [Theory]
    [InlineData("cs", "language-csharp", "var x = \"text\"; // note", "var")]
    [InlineData("c#", "language-csharp", "public class A { } // a", "class")]
    [InlineData("py", "language-python", "def f():\n    return 'x'  # note", "def")]
    [InlineData("python", "language-python", "import os  # b", "import")]
    [InlineData("js", "language-javascript", "const x = 'y';", "const")]
    public void FencedCodeIsHighlightedWithClassesNotStyles(string fence, string languageClass, string code, string keyword)
    {
        var reply = Render($"```{fence}\n{code}\n```");

        var pre = reply.QuerySelector("pre")!;
        Assert.Equal("0", pre.GetAttribute("tabindex"));
        var element = pre.QuerySelector(":scope > code")!;
        Assert.Equal(languageClass, element.ClassName);
        Assert.Equal(code + "\n", element.TextContent);
        Assert.Contains(element.QuerySelectorAll("span.hl-keyword"), s => s.TextContent == keyword);
        Assert.Contains(element.QuerySelectorAll("span"), s => s.ClassName is "hl-string" or "hl-comment");
        Assert.Empty(reply.QuerySelectorAll("[style], div"));
    }

    [Theory]
    [InlineData("bash", "language-shell")]
    [InlineData("sh", "language-shell")]
    [InlineData("text", "language-text")]
    public void KnownLanguagesWithoutAGrammarArePlainText(string fence, string languageClass)
    {
        var reply = Render($"```{fence}\necho \"<b>hi</b>\"\n```");

        var code = reply.QuerySelector("pre > code")!;
        Assert.Equal(languageClass, code.ClassName);
        Assert.Equal("echo \"<b>hi</b>\"\n", code.TextContent);
        Assert.Empty(code.Children);
    }

    [Fact]
    public void UnknownFenceLanguagesArePlainTextWithoutAClass()
    {
        var reply = Render("```brainfudge\n+++.\n```");

        var code = reply.QuerySelector("pre > code")!;
        Assert.False(code.HasAttribute("class"));
        Assert.Equal("+++.\n", code.TextContent);
    }

    [Fact]
    public void IndentedCodeIsPlainEscapedText()
    {
        var reply = Render("Text\n\n    <b>bold?</b>\n    second line");

        var pre = reply.QuerySelector("pre")!;
        Assert.Equal("0", pre.GetAttribute("tabindex"));
        Assert.Equal("<b>bold?</b>\nsecond line\n", pre.QuerySelector(":scope > code")!.TextContent);
        Assert.Empty(pre.QuerySelectorAll("b"));
    }

    [Fact]
    public void VeryLargeCodeBlocksArePlainTextRatherThanHighlighted()
    {
        var code = string.Join('\n', Enumerable.Repeat("var x = 1;", 5_000));

        var reply = Render($"```cs\n{code}\n```");

        var element = reply.QuerySelector("pre > code.language-csharp")!;
        Assert.Empty(element.Children);
        Assert.Equal(code + "\n", element.TextContent);
    }

    [Fact]
    public void HttpsLinksGetRelAndNoTarget()
    {
        var link = Render("See [the docs](https://docs.example/page?a=1&b=2 \"Title\").").QuerySelector("a")!;

        Assert.Equal("https://docs.example/page?a=1&b=2", link.GetAttribute("href"));
        Assert.Equal(Rel, link.GetAttribute("rel"));
        Assert.False(link.HasAttribute("target"));
        Assert.False(link.HasAttribute("title"));
        Assert.Equal("the docs", link.TextContent);
    }

    [Theory]
    [InlineData("[write](mailto:someone@example.com)", "mailto:someone@example.com", "write")]
    [InlineData("<someone@example.com>", "mailto:someone@example.com", "someone@example.com")]
    [InlineData("<https://example.com/a>", "https://example.com/a", "https://example.com/a")]
    [InlineData("Go to https://example.com/b now", "https://example.com/b", "https://example.com/b")]
    [InlineData("Go to www.example.com now", "http://www.example.com", "www.example.com")]
    [InlineData("[ref]\n\n[ref]: https://example.com/ref", "https://example.com/ref", "ref")]
    [InlineData("[](https://example.com/empty)", "https://example.com/empty", "https://example.com/empty")]
    public void AllowedLinksOfEveryKindAreLinks(string markdown, string href, string text)
    {
        var link = Render(markdown).QuerySelector("a")!;

        Assert.Equal(href, link.GetAttribute("href"));
        Assert.Equal(text, link.TextContent);
        Assert.Equal(Rel, link.GetAttribute("rel"));
    }

    [Theory]
    [InlineData("[x](/admin)")]
    [InlineData("[x](//evil.example/)")]
    [InlineData("[x](#main)")]
    [InlineData("[x](ftp://files.example/a)")]
    [InlineData("[x](tel:123)")]
    public void RelativeAndOtherSchemeLinksAreText(string markdown)
    {
        var reply = Render(markdown);

        Assert.Empty(reply.QuerySelectorAll("a"));
        Assert.Equal("x", RenderedReply.Text(reply));
    }

    [Fact]
    public void ImagesBecomeLinksAndAreNeverLoaded()
    {
        var reply = Render("![A *cat*](https://img.example/cat.png \"t\") and ![](https://img.example/dog.png)");

        Assert.Empty(reply.QuerySelectorAll("img"));
        var links = reply.QuerySelectorAll("a").ToList();
        Assert.Equal("https://img.example/cat.png", links[0].GetAttribute("href"));
        Assert.Equal("Image: A cat", links[0].TextContent);
        Assert.Equal("Image: https://img.example/dog.png", links[1].TextContent);
        Assert.All(links, a => Assert.Equal(Rel, a.GetAttribute("rel")));
    }

    [Fact]
    public void AnImageInsideALinkIsTextInsideThatOneLink()
    {
        var reply = Render("[![badge](https://img.example/b.svg)](https://ci.example)");

        var link = Assert.Single(reply.QuerySelectorAll("a"));
        Assert.Equal("https://ci.example", link.GetAttribute("href"));
        Assert.Equal("Image: badge", link.TextContent);
    }

    [Fact]
    public void BlockquotesRulesAndLineBreaksAreRendered()
    {
        var reply = Render("> quoted\n> text\n\n---\n\nline one  \nline two");

        Assert.Equal("quoted\ntext", reply.QuerySelector("blockquote > p")!.TextContent);
        Assert.NotNull(reply.QuerySelector("hr"));
        Assert.NotNull(reply.QuerySelector("p > br"));
    }

    [Fact]
    public void RawHtmlIsShownAsTextNotDropped()
    {
        var reply = Render("Use <kbd>Ctrl</kbd> and <b>bold</b>.");

        Assert.Empty(reply.QuerySelectorAll("kbd, b"));
        Assert.Equal("Use <kbd>Ctrl</kbd> and <b>bold</b>.", RenderedReply.Text(reply));
    }

    [Fact]
    public void BareUrlsStayTextWhenThereAreTooManyToLinkCheaply()
    {
        var few = Render(string.Concat(Enumerable.Repeat("see https://example.com/a ", 10)));
        var many = Render(string.Concat(Enumerable.Repeat("see https://example.com/a ", MarkdownRenderer.MaxBareUrls + 1)) + "\n\n[still a link](https://example.com/b)");

        Assert.Equal(10, few.QuerySelectorAll("a").Length);
        var link = Assert.Single(many.QuerySelectorAll("a"));
        Assert.Equal("https://example.com/b", link.GetAttribute("href"));
    }

    [Fact]
    public void TheRendererCanBeUsedFromManyThreadsAtOnce()
    {
        var markdowns = Enumerable.Range(0, 200).Select(i => $"# Reply {i}\n\n```cs\nvar n = {i};\n```\n\n| n |\n|---|\n| {i} |\n\n[link](https://example.com/{i})").ToList();
        var expected = markdowns.Select(m => new MarkdownRenderer().ToHtml(m)).ToList();

        var actual = new string[markdowns.Count];
        Parallel.For(0, markdowns.Count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => actual[i] = Renderer.ToHtml(markdowns[i]));

        Assert.Equal(expected, actual);
    }
}

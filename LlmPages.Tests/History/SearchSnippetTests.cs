using AngleSharp.Html.Parser;
using LlmPages.Data;
using LlmPages.History;
using LlmPages.Tests.Chat;

namespace LlmPages.Tests.History;

/// <summary>
/// Snippets escape the text first and only then mark the words found, so model output can never become markup in the
/// history, whatever it holds (every case of the hostile corpus).
/// </summary>
[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
public sealed class SearchSnippetTests
{
    private static readonly HtmlParser Parser = new();

    public static TheoryData<string> Hostile() => [.. HostileMarkdownCorpus.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Hostile))]
    public void HostileTextAroundAFoundWordIsShownAsTextWithOnlyTheMarksAsElements(string name)
    {
        var hostile = HostileMarkdownCorpus.All.Single(c => c.Name == name).Markdown;
        // Around the word; the very long cases after it only, as a snippet only looks at the searchable start.
        var text = hostile.Length < 1000 ? $"{hostile} needle {hostile}" : $"needle {hostile}";
        var query = SearchQuery.Parse("needle", out _)!;

        var html = SearchSnippet.Of(text, query)!.ToString()!;

        var body = Parser.ParseDocument($"<p>{html}</p>").Body!;
        var paragraph = body.FirstElementChild!;
        Assert.All(paragraph.QuerySelectorAll("*"), e => Assert.Equal("MARK", e.TagName));
        Assert.Contains(paragraph.QuerySelectorAll("mark"), m => m.TextContent == "needle");
        // What was written is what is read (on one line, and perhaps cut to a window with ellipses).
        Assert.Contains(paragraph.TextContent.Trim('…'), Collapse(text), StringComparison.Ordinal);
    }

    [Fact]
    public void AScriptTagAroundTheWordIsEscapedBeforeTheMark()
    {
        var query = SearchQuery.Parse("alert", out _)!;

        Assert.Equal("&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt; &amp; &lt;img src=x onerror=<mark>alert</mark>(2)&gt;",
            SearchSnippet.Of("<script>alert(1)</script> & <img src=x onerror=alert(2)>", query)!.ToString());
    }

    [Fact]
    public void ALongTextIsCutToAWindowAroundTheFirstMatchAtWordBoundaries()
    {
        var before = string.Join(' ', Enumerable.Range(0, 100).Select(i => $"before{i}"));
        var after = string.Join(' ', Enumerable.Range(0, 100).Select(i => $"after{i}"));
        var query = SearchQuery.Parse("Target", out _)!;

        var html = SearchSnippet.Of($"{before}\n\n  target {after} TARGET", query)!.ToString()!;

        Assert.StartsWith("…before", html, StringComparison.Ordinal);
        Assert.EndsWith("…", html, StringComparison.Ordinal);
        Assert.Contains(" <mark>target</mark> after0 ", html, StringComparison.Ordinal);
        Assert.InRange(html.Length, SearchSnippet.Length - 20, SearchSnippet.Length + 40);
        Assert.DoesNotContain("TARGET", html, StringComparison.Ordinal); // beyond the window
    }

    [Fact]
    public void WordsMatchAsTheSearchFoldsThemAndOnlyWholeWords()
    {
        var query = SearchQuery.Parse("resume cafe", out _)!;

        Assert.Equal("My <mark>Résumé</mark> from the <mark>CAFÉ</mark>, not résumés or cafeteria.",
            SearchSnippet.Of("My Résumé from the CAFÉ, not résumés or cafeteria.", query)!.ToString());
        Assert.Null(SearchSnippet.Of("Nothing here matches.", query));
    }

    [Fact]
    public void ATitleIsMarkedWholeAndEscaped()
    {
        var query = SearchQuery.Parse("plans", out _)!;

        Assert.Equal("&lt;b&gt;Holiday&lt;/b&gt; <mark>plans</mark>", SearchSnippet.Highlight("<b>Holiday</b> plans", query).ToString());
        Assert.Equal("&lt;b&gt;Holiday&lt;/b&gt; plans", SearchSnippet.Highlight("<b>Holiday</b> plans", null).ToString());
    }

    /// <summary>White space and control characters as one space, as a snippet shows them.</summary>
    private static string Collapse(string text) =>
        string.Join(' ', new string([.. text.Select(c => char.IsControl(c) ? ' ' : c)]).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

using LlmPages.Chat.Rendering;

namespace LlmPages.Tests.Chat;

/// <summary>
/// The second wall on its own: the sanitizer fed raw hostile HTML, as if the Markdown pipeline in front of it
/// had let everything through. It must leave only inert HTML, so that a weakened allowlist fails here even
/// though the pipeline in front would never have written the payload.
/// </summary>
[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
public sealed class ReplyHtmlSanitizerTests
{
    private static readonly ReplyHtmlSanitizer Sanitizer = new();

    /// <summary>The corpus's Markdown read as HTML (most of it is raw HTML), and the HTML-only cases.</summary>
    public static TheoryData<string> Cases => new(HostileMarkdownCorpus.All.Concat(HostileMarkdownCorpus.Html)
        .Where(c => !c.Name.Contains("thousand", StringComparison.Ordinal))
        .Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void HostileHtmlIsLeftInert(string name)
    {
        var hostile = HostileMarkdownCorpus.All.Concat(HostileMarkdownCorpus.Html).Single(c => c.Name == name);

        InertHtml.Assert(Sanitizer.Sanitize(hostile.Markdown));
    }

    [Fact]
    public void WhatOurRendererWritesSurvives()
    {
        var html = "<p><a href=\"https://ok.example/\">x</a></p><div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table\">"
            + "<table class=\"table\"><tbody><tr><td class=\"align-right\">1</td></tr></tbody></table></div>"
            + "<ul class=\"contains-task-list\"><li class=\"task-list-item\"><input type=\"checkbox\" disabled=\"disabled\" checked=\"checked\"> done</li></ul>";

        var reply = InertHtml.Assert(Sanitizer.Sanitize(html));

        Assert.Equal("https://ok.example/", reply.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal(ReplyHtmlSanitizer.LinkRel, reply.QuerySelector("a")!.GetAttribute("rel"));
        Assert.NotNull(reply.QuerySelector("div.table-wrap[role=region][tabindex='0'] table.table td.align-right"));
        Assert.NotNull(reply.QuerySelector("li.task-list-item input[type=checkbox][disabled][checked]"));
    }
}

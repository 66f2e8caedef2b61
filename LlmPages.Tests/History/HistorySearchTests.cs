using System.Net;
using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Infrastructure.FakeModels;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.History;

/// <summary>
/// Searching the history over HTTP: words in titles and in any message, one row per chat with its best snippet, never
/// another person's chats, never a reply until it is finished, and every input answered with a page, not an error.
/// </summary>
public sealed class HistorySearchTests
{
    private static readonly Dictionary<string, string?> NoTitleJob = new() { ["LlmPages:Jobs:RunServer"] = "false" };

    [Fact]
    public async Task AWordThatOnlyAFinishedReplyHoldsFindsItsChatWithTheWordMarked()
    {
        await using var chat = await ChatApp.StartAsync(NoTitleJob);
        using var user = await chat.NewUserAsync();
        var found = await chat.ChatAsync(user, "Tell me about fish", "The axolotl regrows its limbs.");
        await chat.ChatAsync(user, "Tell me about birds", "The kea is a clever parrot.");

        var page = await user.SearchAsync("AXOLOTL");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(["Tell me about fish"], page.Titles());
        Assert.Equal("The <mark>axolotl</mark> regrows its limbs.", page.SnippetHtml(found));
        Assert.Equal("1 chat with “AXOLOTL”", page.Text("#history-results-title"));
        Assert.Contains("q=AXOLOTL", page.Url.Query, StringComparison.Ordinal); // a link to this very view
    }

    [Fact]
    public async Task ATitleFindsItsChatAndANewTitleIsFoundAtOnce()
    {
        await using var chat = await ChatApp.StartAsync(NoTitleJob);
        using var user = await chat.NewUserAsync();
        var id = await chat.ChatAsync(user, "Holiday plans", "Somewhere warm.");
        await user.PostWithTokenAsync($"/chat/{id}/rename", new Dictionary<string, string> { ["Input.Title"] = "Zanzibar <trip>" });

        var byTitle = await user.SearchAsync("zanzibar");
        var byQuestion = await user.SearchAsync("holiday");

        Assert.Equal(["Zanzibar <trip>"], byTitle.Titles());
        Assert.Equal("<mark>Zanzibar</mark> &lt;trip&gt;", byTitle.Find(".history-item__title a")!.InnerHtml);
        Assert.Null(byTitle.SnippetHtml(id)); // no message holds the word
        Assert.Equal(["Zanzibar <trip>"], byQuestion.Titles());
        Assert.Equal("<mark>Holiday</mark> plans", byQuestion.SnippetHtml(id));
    }

    [Fact]
    public async Task AnOldTitleIsNotFoundAfterARenameAndEveryTermMustBeInOneTitleOrMessage()
    {
        await using var chat = await ChatApp.StartAsync(NoTitleJob);
        using var user = await chat.NewUserAsync();
        var id = await chat.ChatAsync(user, "Holiday plans", "Somewhere warm.");
        await user.PostWithTokenAsync($"/chat/{id}/rename", new Dictionary<string, string> { ["Input.Title"] = "Zanzibar trip" });
        await user.PostWithTokenAsync($"/chat/{id}/rename", new Dictionary<string, string> { ["Input.Title"] = "Mombasa trip" });

        Assert.Empty((await user.SearchAsync("zanzibar")).Titles());
        Assert.Equal(["Mombasa trip"], (await user.SearchAsync("mombasa")).Titles());
        Assert.Equal(["Mombasa trip"], (await user.SearchAsync("\"holiday plans\"")).Titles());
        Assert.Equal(["Mombasa trip"], (await user.SearchAsync("somewhere warm")).Titles());
        // Each word is in the chat, but no one title or message holds both.
        Assert.Empty((await user.SearchAsync("holiday warm")).Titles());
        Assert.Empty((await user.SearchAsync("mombasa somewhere")).Titles());
        Assert.Empty((await user.SearchAsync("\"plans holiday\"")).Titles());
    }

    [Fact]
    public async Task AnotherPersonsChatsAreNeverFound()
    {
        await using var chat = await ChatApp.StartAsync(NoTitleJob);
        using var owner = await chat.NewUserAsync("Owner");
        using var other = await chat.NewUserAsync("Other");
        await chat.ChatAsync(owner, "Private matters", "The password is swordfish.");
        await chat.ChatAsync(other, "My own chat", "Nothing secret here.");

        var page = await other.SearchAsync("swordfish");
        var titles = await other.SearchAsync("private");

        Assert.Empty(page.Titles());
        Assert.Equal("No chats match", page.Text(".empty-state h2"));
        Assert.DoesNotContain("swordfish", page.Text(".empty-state p:not(.cluster)").Replace("“swordfish”", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Empty(titles.Titles());
        Assert.Equal(["Private matters"], (await owner.SearchAsync("swordfish")).Titles());
    }

    [Fact]
    public async Task AReplyIsFoundOnlyOnceItIsFinishedNotWhileItIsWritten()
    {
        await using var chat = await ChatApp.StartAsync(NoTitleJob);
        using var user = await chat.NewUserAsync();
        var reply = await chat.SendWhileScriptedAsync(user, s =>
        {
            s.Tokens = ["The zebrafish ", "is never sent"];
            s.TokenDelay = FakeScript.Forever;
        });
        // Saved as it streams (the partial save runs every 100 ms here), yet not searchable.
        await chat.App.WaitForSavedAsync(reply.ReplyId, m => m.Content.Contains("zebrafish", StringComparison.Ordinal));

        var whileWritten = await user.SearchAsync("zebrafish");
        await user.StopWithHtmxAsync(reply);
        var stopped = await chat.App.WaitForReplyAsync(reply.ReplyId);
        var afterwards = await user.SearchAsync("zebrafish");

        Assert.Empty(whileWritten.Titles());
        Assert.Equal(MessageStatus.Stopped, stopped.Status);
        Assert.Equal(["Hello"], afterwards.Titles());
        Assert.Equal("The <mark>zebrafish</mark>", afterwards.SnippetHtml(reply.ConversationId));
    }

    [Fact]
    public async Task HostileTextInAReplyIsShownEscapedInItsSnippet()
    {
        await using var chat = await ChatApp.StartAsync(NoTitleJob);
        using var user = await chat.NewUserAsync();
        var id = await chat.ChatAsync(user, "Show me markup",
            "<script>alert('needle')</script> <img src=x onerror=alert(1)> <div hx-get=\"/admin\" hx-trigger=\"load\">needle</div>");

        var page = await user.SearchAsync("needle");

        var snippet = page.Find($".history-item:has(a[href='/chat/{id}']) .history-item__snippet")!;
        Assert.All(snippet.QuerySelectorAll("*"), e => Assert.Equal("MARK", e.TagName));
        Assert.Equal(2, snippet.QuerySelectorAll("mark").Length);
        Assert.Equal("<script>alert('needle')</script> <img src=x onerror=alert(1)> <div hx-get=\"/admin\" hx-trigger=\"load\">needle</div>", snippet.TextContent);
        Assert.Empty(page.FindAll("main script, main img, [hx-get='/admin']"));
    }

    [Fact]
    public async Task SearchSyntaxOfEitherEngineIsPlainTextAndNeverAnError()
    {
        await using var chat = await ChatApp.StartAsync(NoTitleJob);
        using var user = await chat.NewUserAsync();
        await chat.ChatAsync(user, "Near and far", "Words AND more words, near the end.");
        string[] withWords = ["AND(", "NEAR(", "near/2", "a OR", "NOT near", "\"near", "near\"", "near*", "-near", "(near)", "^near", "col:near", "near AND(", "'near'", "100%"];
        string[] withoutWords = ["\"", "*", "-", "(((", "\"\"", "^", ":", "' OR 1=1 --"[..1], "%", "_"];

        foreach (var typed in withWords)
        {
            var page = await user.SearchAsync(typed);
            Assert.True(page.Status == HttpStatusCode.OK, $"{typed}: {page.Status}");
            Assert.Null(page.Find("#history-q-error"));
            Assert.True(page.Titles().Count > 0 || page.Find(".empty-state h2")?.TextContent == "No chats match", typed);
        }
        Assert.Equal(["Near and far"], (await user.SearchAsync("AND(")).Titles());
        Assert.Equal(["Near and far"], (await user.SearchAsync("NEAR(")).Titles());
        foreach (var typed in withoutWords)
        {
            var page = await user.SearchAsync(typed);
            Assert.True(page.Status == HttpStatusCode.OK, $"{typed}: {page.Status}");
            Assert.Contains("nothing to search for", page.Text("#history-q-error"), StringComparison.Ordinal);
            Assert.Equal("true", page.Find("#history-q")!.GetAttribute("aria-invalid"));
            Assert.Equal(typed, page.Find("#history-q")!.GetAttribute("value"));
            Assert.Contains("#history-q", page.Find("#error-summary a")!.GetAttribute("href"), StringComparison.Ordinal);
        }
        var tooLong = await user.SearchAsync(new string('x', 300));
        Assert.Contains("the most is 200", tooLong.Text("#history-q-error"), StringComparison.Ordinal);
        Assert.DoesNotContain(chat.App.Logs, l => l.Contains("history search failed", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AChatIsListedOnceWithItsBestMatchingMessageAndEveryVersionIsSearched()
    {
        await using var chat = await ChatApp.StartAsync(NoTitleJob);
        using var user = await chat.NewUserAsync();
        var id = await chat.ChatAsync(user, "Tell me about the okapi", "An okapi is a relative of the giraffe.");
        chat.Model.Script.Tokens = ["Okapi, okapi, okapi: the forest giraffe."];
        await user.SendAsync(id, "More okapi please");
        chat.Model.Script.Tokens = ["A quokka smiles."];
        var page = await user.GetAsync($"/chat/{id}");
        var last = page.FindAll("#thread article.message--assistant").Last();
        await user.SubmitAsync(page, $"#{last.Id} form[action$='/regenerate']"); // the okapi reply is now an earlier version

        var okapi = await user.SearchAsync("okapi");
        var forest = await user.SearchAsync("forest");

        Assert.Equal(["Tell me about the okapi"], okapi.Titles());
        Assert.Equal("<mark>Okapi</mark>, <mark>okapi</mark>, <mark>okapi</mark>: the forest giraffe.", okapi.SnippetHtml(id));
        Assert.Equal(["Tell me about the okapi"], forest.Titles());
    }

    [Fact]
    public async Task FoundChatsArePagedInTheChosenOrderWithTheirTotalAndTheFiltersStillApply()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?>(NoTitleJob) { ["LlmPages:Chat:HistoryPerPage"] = "5" });
        using var user = await chat.NewUserAsync("Heron Person");
        await chat.App.SeedChatsAsync("Heron Person",
            [
                .. Enumerable.Range(1, 12).Select(i => new SeededChat($"Heron {i:00}", new DateTime(2026, 1, i, 12, 0, 0, DateTimeKind.Utc), Archived: i == 12)),
                new SeededChat("Gull", new DateTime(2026, 1, 20, 12, 0, 0, DateTimeKind.Utc)),
            ]);
        await chat.App.WithDbAsync(db => chat.App.Services.GetRequiredService<LlmPages.Data.ChatSearchIndex>().IndexMissingAsync(db, CancellationToken.None));

        var first = await user.HistoryAsync("?q=heron&sort=oldest");
        var second = await user.HistoryAsync("?q=heron&sort=oldest&page=2");
        var beyond = await user.HistoryAsync("?q=heron&sort=oldest&page=99");
        var newest = await user.HistoryAsync("?q=heron&archived=all");

        Assert.Equal(["Heron 01", "Heron 02", "Heron 03", "Heron 04", "Heron 05"], first.Titles());
        Assert.Equal("11 chats with “heron”, page 1 of 3", first.Text("#history-results-title"));
        Assert.Equal(["Heron 06", "Heron 07", "Heron 08", "Heron 09", "Heron 10"], second.Titles());
        Assert.Equal(["Heron 11"], beyond.Titles());
        Assert.Equal("11 chats with “heron”, page 3 of 3", beyond.Text("#history-results-title"));
        Assert.Equal(["Heron 12", "Heron 11", "Heron 10", "Heron 09", "Heron 08"], newest.Titles());
        Assert.Equal("12 chats with “heron”, page 1 of 3", newest.Text("#history-results-title"));
    }

}

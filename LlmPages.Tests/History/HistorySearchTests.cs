using System.Net;
using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Infrastructure.FakeModels;

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
}

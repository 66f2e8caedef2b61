using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Chat;

/// <summary>The list of a person's chats: newest first, grouped by day, a page at a time; an empty state before the first.</summary>
public sealed class ConversationListTests
{
    [Fact]
    public async Task APersonWithoutChatsIsToldWhereTheyWillAppear()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();

        var page = await user.GetAsync("/chat");

        Assert.Contains("No chats yet", page.Text(".chat-list"), StringComparison.Ordinal);
        Assert.Equal("Start a new chat", page.Text(".empty-state h2"));
        Assert.NotNull(page.Find("#composer"));
    }

    [Fact]
    public async Task ChatsAreListedNewestFirstGroupedByDayAndPaginated()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?>
        {
            ["LlmPages:Chat:ConversationsPerPage"] = "5",
            ["LlmPages:Jobs:RunServer"] = "false", // titles stay the first words
        });
        using var user = await chat.NewUserAsync();
        var ids = new List<Guid>();
        for (var i = 1; i <= 6; i++)
        {
            ids.Add((await user.StartChatAsync($"Chat number {i}")).ConversationId());
        }
        // The two oldest were last changed yesterday (moved in the database: no clock to wait for).
        await chat.App.WithDbAsync(db => db.Conversations.Where(c => c.Id == ids[0] || c.Id == ids[1])
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UpdatedAt, c => c.UpdatedAt.AddDays(-1))));

        var first = await user.GetAsync("/chat");
        var second = await user.GetAsync("/chat?page=2");

        Assert.Equal(["Chat number 6", "Chat number 5", "Chat number 4", "Chat number 3", "Chat number 2"], Titles(first));
        Assert.Equal(["Today", "Yesterday"], first.FindAll(".chat-list__day").Select(h => h.TextContent.Trim()));
        Assert.Equal(["Chat number 1"], Titles(second));
        Assert.Equal(["Yesterday"], second.FindAll(".chat-list__day").Select(h => h.TextContent.Trim()));
        Assert.NotNull(first.Find(".chat-list a[href='/chat?page=2']"));
    }

    [Fact]
    public async Task SendingInAnOlderChatMovesItToTheTop()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false" });
        using var user = await chat.NewUserAsync();
        var older = (await user.StartChatAsync("Older chat")).ConversationId();
        await user.StartChatAsync("Newer chat");

        var page = await user.SendAsync(older, "One more thing");

        Assert.Equal(["Older chat", "Newer chat"], Titles(page));
        Assert.Equal("page", page.Find($".chat-list a[href='/chat/{older}']")!.GetAttribute("aria-current"));
    }

    private static List<string> Titles(HtmlPage page) =>
        [.. page.FindAll(".chat-list__items li a").Select(a => a.TextContent.Trim())];
}

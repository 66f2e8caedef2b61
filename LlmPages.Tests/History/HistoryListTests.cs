using System.Net;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;

namespace LlmPages.Tests.History;

/// <summary>
/// The history's list over HTTP: filters by project, model, days and archived state, its orders, and its pages, all
/// in the query string; values that cannot be read are explained beside their fields, never an error page; and /chat
/// keeps its short list of recent chats that are not archived.
/// </summary>
public sealed class HistoryListTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["LlmPages:Jobs:RunServer"] = "false",
        ["LlmPages:Chat:HistoryPerPage"] = "5",
    };

    private static DateTime Day(int month, int day) => new(2026, month, day, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task FiltersByProjectModelDaysAndArchivedStateShowOnlyThoseChatsInTheChosenOrder()
    {
        await using var chat = await ChatApp.StartAsync(Settings);
        using var user = await chat.NewUserAsync("Filtering Person");
        using var other = await chat.NewUserAsync("Other Person");
        await chat.App.SeedChatsAsync("Filtering Person",
            new SeededChat("Budget", Day(1, 10), Project: "Work"),
            new SeededChat("apples", Day(2, 15)),
            new SeededChat("Old report", Day(3, 1), Project: "Work", Archived: true),
            new SeededChat("Zoo trip", Day(3, 5), WithModel: false));
        await chat.App.SeedChatsAsync("Other Person", new SeededChat("Not mine", Day(2, 20), Project: "Theirs"));
        var work = await chat.App.ProjectIdAsync("Filtering Person", "Work");
        var theirs = await chat.App.ProjectIdAsync("Other Person", "Theirs");
        var modelId = await chat.App.WithDbAsync(db => Task.FromResult(db.AiModels.Select(m => m.Id).First()));
        var page = await user.HistoryAsync();

        Assert.Equal(["Zoo trip", "apples", "Budget"], page.Titles()); // newest activity first, archived left out
        Assert.Equal(["Budget"], (await user.SubmitAsync(page, "form[role=search]", new Dictionary<string, string> { ["project"] = $"{work}" })).Titles());
        Assert.Equal(["Zoo trip", "apples"], (await user.HistoryAsync("?project=none")).Titles());
        Assert.Equal(["apples", "Budget"], (await user.HistoryAsync($"?model={modelId}")).Titles());
        Assert.Equal(["apples"], (await user.HistoryAsync("?from=2026-02-01&to=2026-02-28")).Titles());
        Assert.Equal(["Zoo trip", "apples"], (await user.HistoryAsync("?from=2026-02-15")).Titles()); // the first day counts whole
        Assert.Equal(["Budget"], (await user.HistoryAsync("?to=2026-01-10")).Titles()); // and so does the last
        Assert.Equal(["Old report"], (await user.HistoryAsync("?archived=only")).Titles());
        Assert.Equal(["Budget", "apples", "Old report", "Zoo trip"], (await user.HistoryAsync("?archived=all&sort=oldest")).Titles());
        Assert.Equal(["apples", "Budget", "Old report", "Zoo trip"], (await user.HistoryAsync("?archived=all&sort=title")).Titles()); // letters, not case
        Assert.Equal(["Old report", "Budget"], (await user.HistoryAsync($"?project={work}&archived=all")).Titles());
        var foreign = await user.HistoryAsync($"?project={theirs}&archived=all");
        Assert.Empty(foreign.Titles());
        Assert.Equal("No chats match", foreign.Text(".empty-state h2"));
        Assert.DoesNotContain("Theirs", foreign.Text("main"), StringComparison.Ordinal);
        Assert.DoesNotContain("Theirs", page.Text("main"), StringComparison.Ordinal); // not a filter choice either
    }

    [Fact]
    public async Task ValuesThatCannotBeReadAreExplainedBesideTheirFieldsAndKeptAsTyped()
    {
        await using var chat = await ChatApp.StartAsync(Settings);
        using var user = await chat.NewUserAsync("Typing Person");
        await chat.App.SeedChatsAsync("Typing Person", new SeededChat("Something", Day(1, 1)));

        var page = await user.HistoryAsync("?project=work&model=gpt&from=31/03/2026&to=2026-13-01&archived=maybe&sort=best");
        var swapped = await user.HistoryAsync("?from=2026-03-01&to=2026-02-01");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Empty(page.Titles());
        Assert.Equal("Choose a project from the list.", page.Text("#history-project-error").Replace("Error: ", "", StringComparison.Ordinal));
        Assert.Contains("Choose a model from the list.", page.Text("#history-model-error"), StringComparison.Ordinal);
        Assert.Contains("for example 2026-03-31", page.Text("#history-from-error"), StringComparison.Ordinal);
        Assert.Contains("for example 2026-03-31", page.Text("#history-to-error"), StringComparison.Ordinal);
        Assert.Contains("Choose which chats to show", page.Text("#history-archived-error"), StringComparison.Ordinal);
        Assert.Contains("Choose an order", page.Text("#history-sort-error"), StringComparison.Ordinal);
        Assert.Equal(6, page.FindAll("#error-summary a").Count());
        Assert.Equal("31/03/2026", page.Find("#history-from")!.GetAttribute("value"));
        Assert.Equal("true", page.Find("#history-from")!.GetAttribute("aria-invalid"));
        Assert.Contains("before the first day", swapped.Text("#history-to-error"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PagesAreLinksThatKeepTheFiltersAndAnyPageNumberShowsTheNearestPage()
    {
        await using var chat = await ChatApp.StartAsync(Settings);
        using var user = await chat.NewUserAsync("Paging Person");
        await chat.App.SeedChatsAsync("Paging Person",
            [.. Enumerable.Range(1, 12).Select(i => new SeededChat($"Chat {i:00}", Day(1, i)))]);

        var first = await user.HistoryAsync("?sort=oldest");
        var second = await user.GetAsync(first.Find("nav[aria-label='History pages'] a[rel=next]")!.GetAttribute("href")!);
        var last = await user.HistoryAsync("?sort=oldest&page=3");

        Assert.Equal(["Chat 01", "Chat 02", "Chat 03", "Chat 04", "Chat 05"], first.Titles());
        Assert.Equal("12 chats, page 1 of 3", first.Text("#history-results-title"));
        Assert.Equal("/history?sort=oldest&page=2", second.Url.PathAndQuery);
        Assert.Equal(["Chat 06", "Chat 07", "Chat 08", "Chat 09", "Chat 10"], second.Titles());
        Assert.Equal(["Chat 11", "Chat 12"], last.Titles());
        foreach (var (asked, shown) in new[] { ("0", 1), ("-1", 1), ("99", 3), ("abc", 1), ("2.5", 1), ("99999999999", 1), ("%00", 1), ("", 1) })
        {
            var page = await user.HistoryAsync($"?sort=oldest&page={asked}");
            Assert.True(page.Status == HttpStatusCode.OK, $"page={asked}: {page.Status}");
            Assert.Equal($"12 chats, page {shown} of 3", page.Text("#history-results-title"));
        }
    }

    [Fact]
    public async Task AnArchivedChatLeavesTheChatListButStaysInTheHistoryUntilItIsUnarchived()
    {
        await using var chat = await ChatApp.StartAsync(Settings);
        using var user = await chat.NewUserAsync();
        var kept = await chat.ChatAsync(user, "Keep me in the list", "Kept.");
        var archived = await chat.ChatAsync(user, "Archive me", "Archived.");
        var history = await user.HistoryAsync();

        var afterArchiving = await user.PressAsync(history, $"button[formaction*='handler=archive'][value='{archived}']");
        var chatList = await user.GetAsync("/chat");
        var onlyArchived = await user.HistoryAsync("?archived=only");
        await user.PressAsync(onlyArchived, $"button[formaction*='handler=unarchive'][value='{archived}']");
        var chatListAgain = await user.GetAsync("/chat");

        Assert.Equal("Archived 1 chat. Archived chats stay here and leave the chat list.", afterArchiving.Text("#flash").Trim());
        Assert.Equal(["Keep me in the list"], afterArchiving.Titles());
        Assert.Null(chatList.Find($"a[href='/chat/{archived}']"));
        Assert.NotNull(chatList.Find($"a[href='/chat/{kept}']"));
        Assert.Equal(["Archive me"], onlyArchived.Titles());
        Assert.Equal("Archived", onlyArchived.Text(".history-item .badge"));
        Assert.NotNull(chatListAgain.Find($"a[href='/chat/{archived}']"));
        Assert.Equal(200, (int)(await user.GetAsync($"/chat/{archived}")).Status); // an archived chat still opens
    }
}

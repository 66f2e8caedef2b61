using System.Net;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.History;

/// <summary>
/// What the history does to several chats at once, through its one form as a browser without JavaScript sends it:
/// archive, move and delete the ticked chats (delete asks first, on a page of its own); nothing ticked is explained;
/// and a chat that is not the person's among them changes nothing at all.
/// </summary>
public sealed class HistoryActionsTests
{
    private static readonly Dictionary<string, string?> Settings = new() { ["LlmPages:Jobs:RunServer"] = "false" };

    private static DateTime Day(int day) => new(2026, 1, day, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task TickedChatsAreArchivedAndMovedTogetherAndTheViewStaysAsItWas()
    {
        await using var chat = await ChatApp.StartAsync(Settings);
        using var user = await chat.NewUserAsync("Tidy Person");
        var ids = await chat.App.SeedChatsAsync("Tidy Person",
            new SeededChat("One", Day(1)), new SeededChat("Two", Day(2)), new SeededChat("Three", Day(3)), new SeededChat("Filed", Day(4), Project: "Garden"));
        var garden = await chat.App.ProjectIdAsync("Tidy Person", "Garden");
        var page = await user.HistoryAsync("?sort=oldest");

        var archived = await user.PressAsync(page.Tick(ids["One"], ids["Three"]), "button[formaction*='handler=archive']:not([value])");
        var moved = await user.PressAsync(archived.Tick(ids["Two"], ids["Filed"]), "button[formaction*='handler=move']",
            new Dictionary<string, string> { [Pages.History.IndexModel.MoveToField] = $"{garden}" });
        var inGarden = await user.HistoryAsync($"?project={garden}&archived=all");
        var out_ = await user.PressAsync(inGarden.Tick(ids["Filed"]), "button[formaction*='handler=move']",
            new Dictionary<string, string> { [Pages.History.IndexModel.MoveToField] = "none" });

        Assert.Equal("Archived 2 chats. Archived chats stay here and leave the chat list.", archived.Text("#flash").Trim());
        Assert.Equal("/history?sort=oldest", archived.Url.PathAndQuery);
        Assert.Equal(["Two", "Filed"], archived.Titles());
        Assert.Equal("Moved 2 chats to “Garden”.", moved.Text("#flash").Trim());
        Assert.Equal(["Two", "Filed"], inGarden.Titles().AsEnumerable().Reverse());
        Assert.Equal("Took 1 chat out of their project.", out_.Text("#flash").Trim());
        Assert.Equal(["Two"], (await user.HistoryAsync($"?project={garden}&archived=all")).Titles());
        Assert.Equal(["Three", "One"], (await user.HistoryAsync("?archived=only")).Titles());
    }

    [Fact]
    public async Task DeletingAsksOnAPageOfItsOwnWithoutJavaScriptAndDeletesOnlyOnceConfirmed()
    {
        await using var chat = await ChatApp.StartAsync(Settings);
        using var user = await chat.NewUserAsync();
        var gone = await chat.ChatAsync(user, "Delete <me>", "Soon gone.");
        var alsoGone = await chat.ChatAsync(user, "Delete me too", "Also gone.");
        var kept = await chat.ChatAsync(user, "Keep me", "Still here.");
        var page = await user.HistoryAsync("?sort=title");

        var confirm = await user.PressAsync(page.Tick(gone, alsoGone), "button.btn--danger:not([value])");
        var stillThere = await user.HistoryAsync("?sort=title");
        var cancelled = await user.GetAsync(confirm.Find("main a[href^='/history']")!.GetAttribute("href")!);
        var deleted = await user.SubmitAsync(confirm, "main form");
        var one = await user.PressAsync(deleted, $"button.btn--danger[value='{kept}']");

        Assert.Equal(HttpStatusCode.OK, confirm.Status);
        Assert.Equal("Delete these 2 chats?", confirm.Text("h1"));
        Assert.Equal(["Delete me too", "Delete <me>"], confirm.FindAll(".history-delete-list li").Select(l => l.TextContent));
        Assert.Equal(3, stillThere.Titles().Count);
        Assert.Equal("/history?sort=title", cancelled.Url.PathAndQuery);
        Assert.Equal("Deleted 2 chats.", deleted.Text("#flash").Trim());
        Assert.Equal("/history?sort=title", deleted.Url.PathAndQuery);
        Assert.Equal(["Keep me"], deleted.Titles());
        Assert.Equal("Delete “Keep me”?", one.Text("h1"));
        Assert.Empty(await chat.App.MessagesAsync(gone));
        Assert.Equal(HttpStatusCode.NotFound, (await user.GetAsync($"/chat/{alsoGone}")).Status);
        Assert.Empty((await user.SearchAsync("soon")).Titles()); // nor found by their words
    }

    [Fact]
    public async Task TheDialogsConfirmationDeletesAtOnce()
    {
        await using var chat = await ChatApp.StartAsync(Settings);
        using var user = await chat.NewUserAsync("Quick Person");
        var ids = await chat.App.SeedChatsAsync("Quick Person", new SeededChat("Quick", Day(1)), new SeededChat("Stays", Day(2)));
        var page = await user.HistoryAsync();

        // What the dialog of app.js sends (data-confirm-field): the row's own post, with confirmed=true.
        var deleted = await user.PressAsync(page, $"button.btn--danger[value='{ids["Quick"]}']", new Dictionary<string, string> { ["confirmed"] = "true" });

        Assert.Equal("Deleted “Quick”.", deleted.Text("#flash").Trim());
        Assert.Equal(["Stays"], deleted.Titles());
    }

    [Fact]
    public async Task NothingTickedOrNoProjectChosenIsExplainedAndTheTicksAreKept()
    {
        await using var chat = await ChatApp.StartAsync(Settings);
        using var user = await chat.NewUserAsync("Hasty Person");
        var ids = await chat.App.SeedChatsAsync("Hasty Person", new SeededChat("Alpha", Day(1)), new SeededChat("Beta", Day(2)));
        var page = await user.HistoryAsync();

        var nothing = await user.PressAsync(page, "button[formaction*='handler=archive']:not([value])");
        var noProject = await user.PressAsync(page.Tick(ids["Beta"]), "button[formaction*='handler=move']");
        var nothingToDelete = await user.PressAsync(await user.HistoryAsync(), "button.btn--danger:not([value])");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, nothing.Status);
        Assert.Contains("Tick at least one chat first.", nothing.Text("#history-selection-error"), StringComparison.Ordinal);
        Assert.Contains("#ids", nothing.Find("#error-summary a")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noProject.Status);
        Assert.Contains("Choose the project to move the chats to.", noProject.Text("#moveTo-error"), StringComparison.Ordinal);
        Assert.True(noProject.Find($"#select-{ids["Beta"]:N}")!.HasAttribute("checked"));
        Assert.False(noProject.Find($"#select-{ids["Alpha"]:N}")!.HasAttribute("checked"));
        Assert.Equal("Tick at least one chat first.", nothingToDelete.Text("#flash").Trim());
        Assert.Equal(2, (await user.HistoryAsync()).Titles().Count);
    }

    [Fact]
    public async Task AnotherPersonsChatAmongTheTickedOnesChangesNothingAndIsNotFound()
    {
        await using var chat = await ChatApp.StartAsync(Settings);
        using var owner = await chat.NewUserAsync("Owner Person");
        using var other = await chat.NewUserAsync("Other Person");
        var mine = await chat.App.SeedChatsAsync("Other Person", new SeededChat("Mine", Day(1)), new SeededChat("Filed", Day(2), Project: "Mine too"));
        var theirs = await chat.App.SeedChatsAsync("Owner Person", new SeededChat("Theirs", Day(3), Project: "Their project"));
        var theirProject = await chat.App.ProjectIdAsync("Owner Person", "Their project");
        var page = await other.HistoryAsync();
        var ticked = new Dictionary<string, string> { ["ids"] = $"{theirs["Theirs"]}" };

        // A forged id of the other person's in place of the ticked boxes.
        var archive = await other.PressAsync(page.Tick(mine["Mine"]), "button[formaction*='handler=archive']:not([value])", ticked);
        var move = await other.PressAsync(page, "button[formaction*='handler=move']",
            new Dictionary<string, string> { ["ids"] = $"{mine["Mine"]}", [Pages.History.IndexModel.MoveToField] = $"{theirProject}" });
        var confirm = await other.PressAsync(page, "button.btn--danger:not([value])", ticked);
        var delete = await other.PressAsync(page, "button.btn--danger:not([value])", new Dictionary<string, string> { ["ids"] = $"{theirs["Theirs"]}", ["confirmed"] = "true" });

        Assert.Equal(HttpStatusCode.NotFound, archive.Status);
        Assert.Equal(HttpStatusCode.NotFound, move.Status);
        Assert.Equal(HttpStatusCode.NotFound, confirm.Status);
        Assert.DoesNotContain("Theirs", confirm.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, delete.Status);
        var state = await chat.App.WithDbAsync(db => db.Conversations.AsNoTracking().OrderBy(c => c.Title).Select(c => new { c.Title, c.IsArchived, c.ProjectId }).ToListAsync());
        Assert.Equal(3, state.Count);
        Assert.All(state, c => Assert.False(c.IsArchived));
        Assert.Null(state.Single(c => c.Title == "Mine").ProjectId);
        Assert.Equal(theirProject, state.Single(c => c.Title == "Theirs").ProjectId);
    }
}

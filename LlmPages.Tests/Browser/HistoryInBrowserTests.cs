using System.Text.RegularExpressions;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LlmPages.Tests.Browser;

/// <summary>
/// The history in Chromium: searching, filtering, archiving and deleting with JavaScript (the confirmation in a dialog)
/// and without it (a confirmation page); axe on every state of the page in light and dark; and a 320 px wide screen.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class HistoryInBrowserTests(BrowserFixture browser, ChatInBrowserApp app) : IBrowserTest, IClassFixture<ChatInBrowserApp>
{
    public BrowserFixture Browser => browser;


    public static TheoryData<string> Views() => new(
        "/history",                           // a list (or, for a person without chats, the empty state)
        "/history?q=needle",                  // results with marked words in titles and snippets
        "/history?q=thylacine",               // no chat matches
        "/history?q=%22",                     // nothing to search for: the message beside the box
        "/history?from=31%2F03&sort=worst",   // values that cannot be read
        "/history?archived=only");

    [Theory]
    [MemberData(nameof(Views))]
    public async Task AxeFindsNoViolationsOnTheHistoryInLightAndDarkAndItFits320Pixels(string url)
    {
        var (page, name) = await NewSignedInPageAsync();
        var errors = page.CollectErrors();
        await SeedAsync(name, ("Needle in a <haystack>", "Where is the needle? Under <b>the</b> hay.", false), ("An archived needle", "Long gone.", true));
        var (empty, _) = await NewSignedInPageAsync();

        foreach (var (who, view) in new[] { (page, url), (empty, "/history") })
        {
            await who.GotoAsync(view);
            foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
            {
                await who.UseColorSchemeAsync(scheme);
                await who.ReloadAsync();
                var results = await who.AxeAsync();
                Assert.True(results.Violations.Length == 0, $"{view}, {scheme}:\n" + string.Join("\n", results.Violations.Select(v =>
                    $"{v.Id}: {v.Help} — {string.Join("; ", v.Nodes.Select(n => n.Html))}")));
            }
            await who.SetViewportSizeAsync(320, 640);
            var overflow = await who.EvaluateAsync<List<string>>(
                "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map(e => e.outerHTML.slice(0, 120))");
            Assert.True(await who.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
                $"{view} is wider than 320 px: " + string.Join("\n", overflow.Take(5)));
        }
        await Assertions.Expect(empty.Locator(".empty-state h2")).ToHaveTextAsync("No chats yet");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task WithJavaScriptTheSearchFindsAChatAndTickedChatsAreArchivedThenDeletedAfterTheDialog()
    {
        var (page, name) = await NewSignedInPageAsync();
        var errors = page.CollectErrors();
        await SeedAsync(name, ("Gardening", "Prune the roses in March.", false), ("Cooking", "Roses are not for soup.", false), ("Travel", "Pack light.", false));
        await page.GotoAsync("/history");

        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" }).FillAsync("roses");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/history\?q=roses&"));
        await Assertions.Expect(page.Locator("#history-results-title")).ToHaveTextAsync("2 chats with “roses”");
        await Assertions.Expect(page.Locator(".history-item__snippet mark").First).ToHaveTextAsync(new Regex("^[Rr]oses$"));

        await page.GetByLabel("Tick “Gardening”").CheckAsync();
        await page.GetByLabel("Tick “Cooking”").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Archive", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync("Archived 2 chats.");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/history\?q=roses$"));
        await Assertions.Expect(page.Locator(".empty-state h2")).ToHaveTextAsync("No chats match");

        await page.GetByRole(AriaRole.Link, new() { Name = "Look in archived chats too" }).ClickAsync();
        await Assertions.Expect(page.Locator(".history-item")).ToHaveCountAsync(2);
        var delete = page.GetByRole(AriaRole.Button, new() { Name = "Delete “Cooking”" });
        await delete.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("This cannot be undone.");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(page.Locator(".history-item")).ToHaveCountAsync(2);

        await delete.ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync("Deleted “Cooking”.");
        await Assertions.Expect(page.Locator(".history-item__title")).ToHaveTextAsync(["Gardening"]);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task WithoutJavaScriptFiltersAreLinksAndDeletingTickedChatsAsksOnAPage()
    {
        var (page, name) = await NewSignedInPageAsync(javaScript: false);
        await SeedAsync(name, ("First plan", "Plan A.", false), ("Second plan", "Plan B.", false), ("Keep", "Kept.", false));
        await page.GotoAsync("/history");

        await page.GetByLabel("Order").SelectOptionAsync("title");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"sort=title"));
        await Assertions.Expect(page.Locator(".history-item__title")).ToHaveTextAsync(["First plan", "Keep", "Second plan"]);

        await page.GetByLabel("Tick “First plan”").CheckAsync();
        await page.GetByLabel("Tick “Second plan”").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete…" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Delete these 2 chats?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete 2 chats" }).ClickAsync();

        await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync("Deleted 2 chats.");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/history\?sort=title$"));
        await Assertions.Expect(page.Locator(".history-item__title")).ToHaveTextAsync(["Keep"]);
    }

    private async Task<(IPage Page, string Name)> NewSignedInPageAsync(bool javaScript = true)
    {
        var name = $"History {Guid.NewGuid():N}"[..20];
        var page = await browser.NewPageAsync(ColorScheme.Light, javaScript, app.BaseUrl);
        await page.GotoAsync("/account/register");
        await page.GetByLabel("Display name").FillAsync(name);
        await page.GetByLabel("E-mail address").FillAsync(Infrastructure.Accounts.NewEmail("history-browser"));
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Infrastructure.Accounts.Password);
        await page.GetByLabel("Confirm password").FillAsync(Infrastructure.Accounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(page.Locator(".site-user__name")).ToHaveTextAsync(name);
        return (page, name);
    }

    /// <summary>Chats of one question and one reply each, written to the database and indexed as the app indexes them.</summary>
    private async Task SeedAsync(string ownerName, params (string Title, string Reply, bool Archived)[] chats)
    {
        await using var scope = app.Chat.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var owner = await db.Users.Where(u => u.DisplayName == ownerName).Select(u => u.Id).SingleAsync();
        var modelId = await db.AiModels.Select(m => m.Id).FirstAsync();
        var at = DateTime.UtcNow.AddHours(-1);
        foreach (var (title, reply, archived) in chats)
        {
            at = at.AddMinutes(1);
            var chat = new Conversation { OwnerId = owner, ModelId = modelId, Title = title, IsArchived = archived, CreatedAt = at, UpdatedAt = at };
            var question = new Message { ConversationId = chat.Id, Role = MessageRole.User, Content = title, CreatedAt = at };
            var answer = new Message
            {
                ConversationId = chat.Id,
                ParentId = question.Id,
                Role = MessageRole.Assistant,
                Content = reply,
                ContentHtml = $"<p>{System.Net.WebUtility.HtmlEncode(reply)}</p>",
                CreatedAt = at,
                CompletedAt = at,
            };
            chat.Messages.AddRange([question, answer]);
            chat.ActiveLeafId = answer.Id;
            db.Conversations.Add(chat);
        }
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<ChatSearchIndex>().IndexMissingAsync(db, CancellationToken.None);
    }
}

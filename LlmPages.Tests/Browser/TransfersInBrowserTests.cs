using System.Text.RegularExpressions;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Transfers;
using Microsoft.Playwright;

namespace LlmPages.Tests.Browser;

/// <summary>The chat app on Kestrel with its job server, for the export and import browser tests.</summary>
public sealed class TransfersInBrowserApp : IAsyncLifetime
{
    public ChatApp Chat { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Chat = await ChatApp.StartAsync(kestrel: true);
        BaseUrl = Chat.App.ServerAddress.ToString().TrimEnd('/');
    }

    public async Task DisposeAsync() => await Chat.DisposeAsync();
}

/// <summary>
/// Exporting all chats and importing the file again, through the pages in Chromium: with JavaScript the progress
/// updates itself (htmx polls it); without, the person reloads. And axe on every export and import page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TransfersInBrowserTests(BrowserFixture browser, TransfersInBrowserApp app) : IBrowserTest, IClassFixture<TransfersInBrowserApp>
{
    public BrowserFixture Browser => browser;


    /// <summary>Generous: the job server picks jobs up on its own schedule, on two slow cores.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AChatIsExportedFromTheExportPageAndImportedAgainFromTheImportPage(bool javaScript)
    {
        var page = await NewSignedInPageAsync(javaScript: javaScript);
        var errors = page.CollectErrors();
        var title = javaScript ? "Round trip with JavaScript" : "Round trip without JavaScript";
        await page.GotoAsync("/chat");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Message", Exact = true }).FillAsync(title);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("article.message--assistant:not(.is-draft) .reply")).ToHaveTextAsync("Hello, world!", new() { Timeout = 30_000 });

        await page.GetByRole(AriaRole.Link, new() { Name = "Export and import chats" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Export all my chats" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/export/[0-9a-f-]{36}$"));
        var download = await WaitForAsync(page, javaScript, page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Download llmpages-chats") }));
        var file = await page.RunAndWaitForDownloadAsync(() => download.ClickAsync());
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.json");
        await file.SaveAsAsync(path);
        Assert.Contains(title, await File.ReadAllTextAsync(path), StringComparison.Ordinal);

        await page.GotoAsync("/import");
        await page.GetByLabel("File to import").SetInputFilesAsync(path);
        await page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/import/[0-9a-f-]{36}$"));
        var open = await WaitForAsync(page, javaScript, page.GetByRole(AriaRole.Link, new() { Name = "Open the chat" }));
        await Assertions.Expect(page.Locator("#transfer-status")).ToContainTextAsync("Imported 1 chat from");
        await open.ClickAsync();
        await Assertions.Expect(page.Locator("article.message--user")).ToHaveTextAsync(new Regex(Regex.Escape(title)));
        File.Delete(path);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task AFileThatCannotBeImportedShowsWhyWithoutJavaScriptToo()
    {
        var page = await NewSignedInPageAsync(javaScript: false);
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, "these are notes, not JSON");

        await page.GotoAsync("/import");
        await page.GetByLabel("File to import").SetInputFilesAsync(new FilePayload { Name = "empty.json", MimeType = "application/json", Buffer = [] });
        await page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#Input_File-error")).ToContainTextAsync("empty.json is empty.");
        await Assertions.Expect(page.Locator("#error-summary")).ToContainTextAsync("empty.json is empty.");
        await page.GetByLabel("File to import").SetInputFilesAsync(path);
        await page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();
        var alert = await WaitForAsync(page, javaScript: false, page.Locator("#transfer-status [role=alert]"));

        await Assertions.Expect(alert).ToContainTextAsync("The file is not valid JSON");
        File.Delete(path);
    }

    public static TheoryData<string> Pages() => new() { "export", "import", "import with an error", "export ready", "import failed" };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task AxeFindsNoViolationsOnTheExportAndImportPages(string state)
    {
        var page = await NewSignedInPageAsync();
        var errors = page.CollectErrors();
        var import = page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true });
        switch (state)
        {
            case "export":
                await page.GotoAsync("/export");
                break;
            case "import":
                await page.GotoAsync("/import");
                break;
            case "import with an error":
                await page.GotoAsync("/import");
                await page.GetByLabel("File to import").SetInputFilesAsync(new FilePayload { Name = "empty.json", MimeType = "application/json", Buffer = [] });
                await import.ClickAsync();
                await Assertions.Expect(page.Locator("#Input_File-error")).ToBeVisibleAsync();
                break;
            case "export ready":
                await page.GotoAsync("/export");
                await page.GetByRole(AriaRole.Button, new() { Name = "Export all my chats" }).ClickAsync();
                await WaitForAsync(page, javaScript: true, page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Download") }));
                break;
            default:
                await page.GotoAsync("/import");
                await page.GetByLabel("File to import").SetInputFilesAsync(new FilePayload { Name = "notes.json", MimeType = "application/json", Buffer = "not JSON"u8.ToArray() });
                await import.ClickAsync();
                await WaitForAsync(page, javaScript: true, page.Locator("#transfer-status [role=alert]"));
                break;
        }
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await page.UseColorSchemeAsync(scheme);
            var results = await page.AxeAsync();

            Assert.True(results.Violations.Length == 0, $"{state} {scheme}:\n" + string.Join("\n", results.Violations.Select(v =>
                $"{v.Id}: {v.Help} — {string.Join("; ", v.Nodes.Select(n => n.Html))}")));
        }
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    /// <summary>
    /// Waits for what the job's end shows: with JavaScript the status updates itself; without, the person follows
    /// "Reload" until it does.
    /// </summary>
    private static async Task<ILocator> WaitForAsync(IPage page, bool javaScript, ILocator target)
    {
        if (javaScript)
        {
            await Assertions.Expect(target).ToBeVisibleAsync(new() { Timeout = (float)Patience.TotalMilliseconds });
            return target;
        }
        var deadline = DateTime.UtcNow + Patience;
        var reload = page.GetByRole(AriaRole.Link, new() { Name = "Reload" });
        while (await target.CountAsync() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The job did not finish in time.");
            var remaining = (float)Math.Max(1000, (deadline - DateTime.UtcNow).TotalMilliseconds);
            // Waits for the reloaded page's answer, then for what the page shows, not for its load event: waiting for
            // "load" after the click has twice run out 90 s in CI, with Playwright never reporting it.
            await page.RunAndWaitForResponseAsync(() => reload.ClickAsync(),
                r => r.Request.IsNavigationRequest && r.Frame == page.MainFrame, new() { Timeout = remaining });
            await Assertions.Expect(target.Or(reload).First).ToBeVisibleAsync(new() { Timeout = remaining });
        }
        return target;
    }

    private async Task<IPage> NewSignedInPageAsync(ColorScheme colorScheme = ColorScheme.Light, bool javaScript = true)
    {
        var page = await browser.NewPageAsync(colorScheme, javaScript, app.BaseUrl);
        await page.GotoAsync("/account/register");
        await page.GetByLabel("Display name").FillAsync("Tess Transfer");
        await page.GetByLabel("E-mail address").FillAsync(Infrastructure.Accounts.NewEmail("transfer-browser"));
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Infrastructure.Accounts.Password);
        await page.GetByLabel("Confirm password").FillAsync(Infrastructure.Accounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(page.Locator(".site-user__name")).ToHaveTextAsync("Tess Transfer");
        return page;
    }
}

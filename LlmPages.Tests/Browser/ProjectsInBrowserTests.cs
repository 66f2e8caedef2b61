using System.Text.RegularExpressions;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Projects;
using Microsoft.Playwright;

namespace LlmPages.Tests.Browser;

/// <summary>
/// Projects in Chromium, with and without JavaScript: creating one, starting a chat in it, moving the chat out and back,
/// also from the project's list, deleting the project (with the dialog when there is JavaScript); and axe on every
/// project page in light and dark, each of which fits a 320 px wide screen without scrolling sideways.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ProjectsInBrowserTests(BrowserFixture browser, ChatInBrowserApp app) : IBrowserTest, IClassFixture<ChatInBrowserApp>
{
    public BrowserFixture Browser => browser;


    [Fact]
    public async Task AxeFindsNoViolationsOnTheProjectPagesInLightAndDark()
    {
        var page = await NewSignedInPageAsync(javaScript: true);
        var errors = page.CollectErrors();
        QuickReply();
        await page.GotoAsync("/projects");
        var empty = await AxeAsync(page, "/projects (none yet)") + await OverflowAt320Async(page, "/projects (none yet)");
        await page.GotoAsync("/projects/new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create project" }).ClickAsync();
        await Assertions.Expect(page.Locator("#error-summary")).ToBeFocusedAsync();
        var invalid = await AxeAsync(page, "/projects/new (errors)");
        // htmx asked for that page and got 422 with the errors, as it should: not a failure of the page.
        errors.RemoveAll(e => e.StartsWith("422 ", StringComparison.Ordinal) && e.EndsWith("/projects/new", StringComparison.Ordinal));
        var projectId = await CreateProjectAsync(page, "Accessible project", "Checked in light and dark");
        await page.GotoAsync($"/chat?projectId={projectId}");
        var composer = await AxeAsync(page, "/chat?projectId (new chat in a project)") + await OverflowAt320Async(page, "/chat?projectId");
        await SendAsync(page, "A chat in the project");
        var chatPath = new Uri(page.Url).AbsolutePath;
        await app.Chat.App.SeedChatsAsync(projectId, 3);

        var problems = new List<string> { empty, invalid, composer };
        foreach (var url in new[]
        {
            "/projects", "/projects/new", $"/projects/{projectId}", $"/projects/{projectId}/edit", $"/projects/{projectId}/delete",
            chatPath, $"{chatPath}/move",
        })
        {
            await page.GotoAsync(url);
            problems.Add(await AxeAsync(page, url));
            problems.Add(await OverflowAt320Async(page, url));
        }

        var found = problems.Where(p => p.Length > 0).ToList();
        Assert.True(found.Count == 0, string.Join("\n", found));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task WithJavaScriptAProjectIsCreatedChattedInMovedOutAndBackAndDeletedAfterTheDialog()
    {
        var page = await NewSignedInPageAsync(javaScript: true);
        var errors = page.CollectErrors();
        QuickReply();

        var projectId = await CreateProjectAsync(page, "Scripted project", "With JavaScript");
        await page.GetByRole(AriaRole.Link, new() { Name = "New chat in this project" }).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New chat in “Scripted project”" })).ToBeVisibleAsync();
        await SendAsync(page, "Hello from a project");
        var project = page.Locator(".chat__project");
        await Assertions.Expect(project.GetByRole(AriaRole.Link, new() { Name = "Scripted project" })).ToBeVisibleAsync();

        await MoveAsync(page, "No project");
        await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync("is no longer in a project");
        await Assertions.Expect(project.GetByRole(AriaRole.Link)).ToHaveCountAsync(0);
        await MoveAsync(page, "Scripted project");
        await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync("to the project “Scripted project”");

        await page.GotoAsync($"/projects/{projectId}");
        await Assertions.Expect(page.Locator("main table tbody tr")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete this project" }).ClickAsync();
        var deleteAll = page.GetByRole(AriaRole.Button, new() { Name = "Delete the project and its 1 chat" });
        await deleteAll.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("Delete the project “Scripted project” and its 1 chat, with every message? This cannot be undone.");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(deleteAll).ToBeFocusedAsync();
        Assert.NotNull(await app.Chat.App.ProjectAsync(projectId));

        await deleteAll.ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete all" }).ClickAsync();

        await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync("Deleted the project “Scripted project” and its 1 chat.");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/projects$"));
        Assert.Null(await app.Chat.App.ProjectAsync(projectId));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task WithoutJavaScriptAProjectIsCreatedChattedInMovedOutAndBackAndDeletedKeepingItsChat()
    {
        var page = await NewSignedInPageAsync(javaScript: false);
        var errors = page.CollectErrors();
        QuickReply();

        var projectId = await CreateProjectAsync(page, "Plain project", "Without JavaScript");
        await page.GetByRole(AriaRole.Link, new() { Name = "New chat in this project" }).First.ClickAsync();
        await SendAsync(page, "Hello without scripts");
        var chatPath = new Uri(page.Url).AbsolutePath;
        var project = page.Locator(".chat__project");
        await Assertions.Expect(project.GetByRole(AriaRole.Link, new() { Name = "Plain project" })).ToBeVisibleAsync();

        await MoveAsync(page, "No project");
        await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync("is no longer in a project");
        await MoveAsync(page, "Plain project");
        await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync("to the project “Plain project”");

        // From the project's list: the move page, which comes back to the list. The chat is named after its first message
        // until the title job names it (any moment now), so either name will do.
        await page.GotoAsync($"/projects/{projectId}");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Move “(Hello without scripts|Ahoy there)”$") }).ClickAsync();
        await page.GetByLabel("Project").SelectOptionAsync(new SelectOptionValue { Label = "No project" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Move chat" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/projects/{projectId}$"));
        await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync(new Regex("“(Hello without scripts|Ahoy there)” is no longer in a project\\."));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "No chats in this project yet" })).ToBeVisibleAsync();
        await page.GotoAsync(chatPath);
        await MoveAsync(page, "Plain project");
        await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync("to the project “Plain project”");

        await page.GotoAsync($"/projects/{projectId}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete this project" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete the project, keep its chats" }).ClickAsync();

        await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync("Deleted the project “Plain project”. Its 1 chat is kept, outside any project.");
        Assert.Null(await app.Chat.App.ProjectAsync(projectId));
        await page.GotoAsync(chatPath);
        await Assertions.Expect(page.Locator("article.message--user")).ToContainTextAsync("Hello without scripts");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    // --- Steps ------------------------------------------------------------------------------------------------

    private void QuickReply()
    {
        app.Script.Tokens = ["Ahoy", " there"];
        app.Script.FirstTokenDelay = TimeSpan.Zero;
        app.Script.TokenDelay = TimeSpan.Zero;
        app.Script.DropAfterTokens = null;
        app.Script.FailWithStatus = null;
    }

    private async Task<IPage> NewSignedInPageAsync(bool javaScript)
    {
        var page = await browser.NewPageAsync(ColorScheme.Light, javaScript, app.BaseUrl);
        await page.GotoAsync("/account/register");
        await page.GetByLabel("Display name").FillAsync("Pat Project");
        await page.GetByLabel("E-mail address").FillAsync(Infrastructure.Accounts.NewEmail("project-browser"));
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Infrastructure.Accounts.Password);
        await page.GetByLabel("Confirm password").FillAsync(Infrastructure.Accounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(page.Locator(".site-user__name")).ToHaveTextAsync("Pat Project");
        return page;
    }

    /// <summary>Creates a project from the navigation, as a person would; returns its id once its page shows.</summary>
    private static async Task<Guid> CreateProjectAsync(IPage page, string name, string description)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Projects" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Create a project" }).First.ClickAsync();
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Description").FillAsync(description);
        await page.GetByLabel("Temperature").FillAsync("0.5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create project" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync($"Created the project “{name}”.");
        return Guid.Parse(new Uri(page.Url).AbsolutePath["/projects/".Length..]);
    }

    /// <summary>
    /// Sends the first message of a new chat and waits for its finished reply, then is on the chat's own address (with
    /// JavaScript htmx puts it there; without, the reply streams into the page the form posted to, /chat?projectId=).
    /// </summary>
    private static async Task SendAsync(IPage page, string text)
    {
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Message", Exact = true }).FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#thread article.is-streaming")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#thread article.message--assistant .reply").Last).ToHaveTextAsync("Ahoy there", new() { Timeout = 30_000 });
        var current = page.Locator(".chat-list a[aria-current=page]");
        await Assertions.Expect(current).ToHaveTextAsync(text);
        var chatPath = await current.GetAttributeAsync("href");
        if (new Uri(page.Url).AbsolutePath != chatPath)
        {
            await page.GotoAsync(chatPath!);
        }
    }

    /// <summary>Moves the chat shown with the small form on its page.</summary>
    private static async Task MoveAsync(IPage page, string projectName)
    {
        var form = page.Locator(".chat__project form");
        await form.Locator("select").SelectOptionAsync(new SelectOptionValue { Label = projectName });
        await form.GetByRole(AriaRole.Button, new() { Name = "Move this chat" }).ClickAsync();
    }

    /// <summary>At 320 px wide (a small phone), the page itself must not scroll sideways; "" or the problem in words.</summary>
    private static async Task<string> OverflowAt320Async(IPage page, string what)
    {
        await page.SetViewportSizeAsync(320, 640);
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        await page.SetViewportSizeAsync(1280, 900);
        return widths[0] > widths[1] ? $"{what} at 320 px: the page is {widths[0]} px wide and scrolls sideways" : "";
    }

    /// <summary>Axe in light and dark on the page as it is; the violations in words, or "".</summary>
    private static async Task<string> AxeAsync(IPage page, string what)
    {
        var found = new List<string>();
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await page.UseColorSchemeAsync(scheme);
            var results = await page.AxeAsync();
            found.AddRange(results.Violations.Select(v => $"{what}, {scheme}: {v.Id}: {v.Help} — {string.Join("; ", v.Nodes.Select(n => n.Html))}"));
        }
        await page.UseColorSchemeAsync(ColorScheme.Light);
        return string.Join("\n", found);
    }
}

using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LlmPages.Tests.Browser;

/// <summary>
/// Settings and profile in Chromium: axe finds nothing in either colour scheme of the device and with the theme
/// forced either way; the theme applies with and without JavaScript; Ctrl+Enter sends when chosen; deleting the
/// account asks in a dialog with JavaScript and on its page without; the header works at 320 px by keyboard.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SettingsAndProfileInBrowserTests(BrowserFixture browser) : IBrowserTest
{
    public BrowserFixture Browser => browser;

    private const string DarkBackground = "rgb(13, 17, 23)";
    private const string LightBackground = "rgb(255, 255, 255)";

    public static TheoryData<string> Pages() =>
        ["/settings", "/profile", "/profile/password", "/profile/sign-out-everywhere", "/profile/delete"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task AxeFindsNoViolationsInEitherSchemeOrForcedTheme(string url)
    {
        var page = await browser.NewPageAsync();
        var errors = page.CollectErrors();
        var email = await RegisterAsync(page);
        await AddUsageAsync(email); // the profile draws its chart

        foreach (var (scheme, theme) in new[] { (ColorScheme.Light, Theme.System), (ColorScheme.Dark, Theme.System), (ColorScheme.Dark, Theme.Light), (ColorScheme.Light, Theme.Dark) })
        {
            await SetThemeAsync(email, theme);
            await page.UseColorSchemeAsync(scheme);
            await page.GotoAsync(url);
            var results = await page.AxeAsync();

            Assert.True(results.Violations.Length == 0, $"{scheme}, theme {theme}:\n" + string.Join("\n", results.Violations.Select(v =>
                $"{v.Id}: {v.Help} — {string.Join("; ", v.Nodes.Select(n => n.Html))}")));
        }
        Assert.Empty(errors);
    }

    /// <remarks>Checked through Playwright's own assertions, which work with the page's JavaScript off.</remarks>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TheChosenThemeAndTextSizeApplyWithOrWithoutJavaScript(bool javaScript)
    {
        var page = await browser.NewPageAsync(ColorScheme.Light, javaScript);
        var errors = page.CollectErrors();
        await RegisterAsync(page);
        await Assertions.Expect(page.Locator("html")).ToHaveCSSAsync("font-size", "16px");

        await page.GotoAsync("/settings");
        await page.GetByLabel("Dark", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Large", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();

        await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync("Your settings are saved.");
        await Assertions.Expect(page.Locator("body")).ToHaveCSSAsync("background-color", DarkBackground);
        await Assertions.Expect(page.Locator("html")).ToHaveCSSAsync("font-size", "19px");
        await page.GetByRole(AriaRole.Link, new() { Name = "Chat", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/chat$"));
        await Assertions.Expect(page.Locator("body")).ToHaveCSSAsync("background-color", DarkBackground);

        await page.GotoAsync("/settings");
        await page.GetByLabel("Light", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync("Your settings are saved.");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("body")).ToHaveCSSAsync("background-color", LightBackground);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task WithCtrlEnterChosenEnterStartsANewLineAndCtrlEnterSends()
    {
        await using var chat = await Chat.ChatApp.StartAsync(kestrel: true);
        var page = await browser.NewPageAsync(baseUrl: chat.App.ServerAddress.ToString().TrimEnd('/'));
        var errors = page.CollectErrors();
        await RegisterAsync(page);
        await page.GotoAsync("/settings");
        await page.GetByLabel("Ctrl+Enter sends, Enter starts a new line").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync("Your settings are saved.");

        await page.GotoAsync("/chat");
        var box = page.GetByRole(AriaRole.Textbox, new() { Name = "Message", Exact = true });
        await box.FocusAsync();
        await page.Keyboard.TypeAsync("first line");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.TypeAsync("second line");
        await Assertions.Expect(box).ToHaveValueAsync("first line\nsecond line");
        await page.Keyboard.PressAsync("Control+Enter");

        await Assertions.Expect(page.Locator("article.message--user")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        Assert.Equal("first line\nsecond line", await page.Locator("article.message--user .message__text").TextContentAsync());
        await Assertions.Expect(page.Locator("#thread article.is-streaming")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task DeletingTheAccountAsksInADialogWithJavaScript()
    {
        var page = await browser.NewPageAsync();
        var errors = page.CollectErrors();
        var email = await RegisterAsync(page);
        await page.GotoAsync("/profile");
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete my account…" }).ClickAsync();
        await page.GetByLabel("Your password").FillAsync(Infrastructure.Accounts.Password);

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete my account" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("Delete your account and all its data?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        Assert.True(await ExistsAsync(email));
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete my account" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete my account" }).ClickAsync();

        await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync("Your account and all its data are deleted.");
        Assert.False(await ExistsAsync(email));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task WithoutJavaScriptTheConfirmationPageAsksAndTheFormsWork()
    {
        var page = await browser.NewPageAsync(javaScript: false);
        var email = await RegisterAsync(page);

        await page.GotoAsync("/profile");
        await page.GetByLabel("Display name").FillAsync("Nora No-Script");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save name and e-mail" }).ClickAsync();
        await Assertions.Expect(page.Locator(".site-user__name")).ToHaveTextAsync("Nora No-Script");

        await page.GetByRole(AriaRole.Link, new() { Name = "Change your password" }).ClickAsync();
        await page.GetByLabel("Current password").FillAsync("wrong password");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("violet harbour quartz");
        await page.GetByLabel("Confirm new password").FillAsync("violet harbour quartz");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Input_CurrentPassword-error")).ToContainTextAsync("That is not your current password.");

        await page.GotoAsync("/profile/delete");
        await page.GetByLabel("Your password").FillAsync(Infrastructure.Accounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete my account" }).ClickAsync();
        await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync("Your account and all its data are deleted.");
        Assert.False(await ExistsAsync(email));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TheHeaderWorksAt320PixelsByKeyboard(bool javaScript)
    {
        var page = await browser.NewPageAsync(javaScript: javaScript);
        await page.SetViewportSizeAsync(320, 640);
        await RegisterAsync(page);
        await page.GotoAsync("/chat");

        foreach (var link in await page.Locator("header a, header button").AllAsync())
        {
            var box = (await link.BoundingBoxAsync())!;
            Assert.True(box.X >= 0 && box.X + box.Width <= 320, $"{await link.TextContentAsync()} is outside the screen ({box.X}, {box.Width}).");
        }
        var profile = page.Locator("nav.site-nav a[href='/profile']:focus");
        for (var i = 0; i < 20 && await profile.CountAsync() == 0; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        await Assertions.Expect(profile).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/profile$"));
        await Assertions.Expect(page.Locator("nav.site-nav a[aria-current=page]")).ToHaveTextAsync("Profile");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Log out" })).ToBeVisibleAsync();
    }

    private static async Task<string> RegisterAsync(IPage page)
    {
        var email = Infrastructure.Accounts.NewEmail("settings-browser");
        await page.GotoAsync("/account/register");
        await page.GetByLabel("Display name").FillAsync("Sam Settings");
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Infrastructure.Accounts.Password);
        await page.GetByLabel("Confirm password").FillAsync(Infrastructure.Accounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(page.Locator(".site-user__name")).ToHaveTextAsync("Sam Settings");
        return email;
    }

    private async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = browser.App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private Task<bool> ExistsAsync(string email) =>
        WithDbAsync(db => db.Users.AnyAsync(u => u.NormalizedEmail == email.ToUpperInvariant()));

    private Task<int> AddUsageAsync(string email) => WithDbAsync(async db =>
    {
        var userId = await db.Users.Where(u => u.NormalizedEmail == email.ToUpperInvariant()).Select(u => u.Id).SingleAsync();
        db.UsageLogs.Add(new UsageLog { UserId = userId, PromptTokens = 120, CompletionTokens = 80, Status = MessageStatus.Complete, CreatedAt = DateTime.UtcNow });
        // The profile's "N of M tokens" line, and the settings' library prompt picker.
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.MonthlyTokenQuota, 1_000L));
        if (!await db.SystemPrompts.AnyAsync(p => p.Name == "Settings prompt"))
        {
            db.SystemPrompts.Add(new SystemPrompt { Name = "Settings prompt", Content = "Be brief." });
        }
        return await db.SaveChangesAsync();
    });

    private Task<int> SetThemeAsync(string email, Theme theme) => WithDbAsync(async db =>
    {
        var userId = await db.Users.Where(u => u.NormalizedEmail == email.ToUpperInvariant()).Select(u => u.Id).SingleAsync();
        var row = await db.UserSettings.FindAsync(userId);
        if (row is null)
        {
            db.UserSettings.Add(row = new UserSettings { UserId = userId });
        }
        row.Theme = theme;
        return await db.SaveChangesAsync();
    });
}

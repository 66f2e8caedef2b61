using LlmPages.Tests.Infrastructure;
using Microsoft.Playwright;

namespace LlmPages.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class AccountsInBrowserTests(BrowserFixture browser) : IBrowserTest
{
    public BrowserFixture Browser => browser;

    [Fact]
    public async Task APersonCanRegisterLogOutAndLogInAgainThroughThePages()
    {
        var page = await browser.NewPageAsync();
        var errors = page.CollectErrors();
        var email = Infrastructure.Accounts.NewEmail("browser");

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
        await page.GetByLabel("Display name").FillAsync("Brenda Browser");
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Infrastructure.Accounts.Password);
        await page.GetByLabel("Confirm password").FillAsync(Infrastructure.Accounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        await Assertions.Expect(page.Locator(".site-user__name")).ToHaveTextAsync("Brenda Browser");
        await Assertions.Expect(page).ToHaveTitleAsync("Home · LlmPages");

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Log in" })).ToBeVisibleAsync();

        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Infrastructure.Accounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        await Assertions.Expect(page.Locator(".site-user__name")).ToHaveTextAsync("Brenda Browser");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task AWrongPasswordShowsTheErrorAndMovesFocusToIt()
    {
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/account/login");
        await page.GetByLabel("E-mail address").FillAsync("nobody@example.test");
        await page.GetByLabel("Password").FillAsync("wrong password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The e-mail address or password is not right.");
        await Assertions.Expect(page.Locator("#error-summary")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task TheFormsWorkWithJavaScriptTurnedOff()
    {
        var page = await browser.NewPageAsync(javaScript: false);

        await page.GotoAsync("/account/login");
        await page.GetByLabel("E-mail address").FillAsync(AppFactory.AdminEmail);
        await page.GetByLabel("Password").FillAsync(Infrastructure.Accounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        await Assertions.Expect(page.Locator(".site-user__name")).ToHaveTextAsync("Administrator");
    }

    public static TheoryData<string, string> PagesAndSchemes => new()
    {
        { "/account/login", "light" }, { "/account/login", "dark" },
        { "/account/register", "light" }, { "/account/register", "dark" },
        { "/", "light" }, { "/", "dark" },
        { "/signed-in-home", "light" }, { "/signed-in-home", "dark" },
        { "/admin", "light" }, { "/admin", "dark" },
        { "/error/404", "light" }, { "/error/404", "dark" },
    };

    [Theory]
    [MemberData(nameof(PagesAndSchemes))]
    public async Task AxeFindsNoViolations(string url, string scheme)
    {
        var page = await browser.NewPageAsync(scheme == "dark" ? ColorScheme.Dark : ColorScheme.Light);
        var errors = page.CollectErrors();
        if (url is "/signed-in-home" or "/admin")
        {
            await page.LogInAsAdminAsync();
        }

        await page.GotoAsync(url == "/signed-in-home" ? "/" : url);
        var results = await page.AxeAsync();

        Assert.True(results.Violations.Length == 0, string.Join("\n", results.Violations.Select(v =>
            $"{v.Id}: {v.Help} — {string.Join("; ", v.Nodes.Select(n => n.Html))}")));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task TheJobsDashboardRunsUnderTheContentSecurityPolicy()
    {
        var page = await browser.NewPageAsync();
        var errors = page.CollectErrors();
        await page.LogInAsAdminAsync();

        await page.GotoAsync("/admin/jobs/recurring");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.True(await page.GetByText("provider-health").CountAsync() > 0, page.Url + " " + await page.InnerTextAsync("body"));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}

using LlmPages.Data;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LlmPages.Tests.Browser;

/// <summary>
/// The profile's key pages in Chromium: axe finds nothing in the light or the dark scheme (the list empty and full, the
/// form, its errors, the answer that shows a new key, the revoke page); with JavaScript the list's Revoke asks in a dialog.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ApiKeysInBrowserTests(BrowserFixture browser) : IBrowserTest
{
    public BrowserFixture Browser => browser;

    public static TheoryData<string> States() => ["no keys", "keys", "new key form", "new key errors", "new key shown", "revoke"];

    [Theory]
    [MemberData(nameof(States))]
    public async Task AxeFindsNoViolationsOnTheKeyPages(string state)
    {
        var page = await browser.NewPageAsync();
        var errors = page.CollectErrors();
        await RegisterAsync(page);
        if (state is "keys" or "revoke")
        {
            await CreateKeyAsync(page, "Axe key");
        }

        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await page.UseColorSchemeAsync(scheme);
            switch (state)
            {
                case "no keys" or "keys":
                    await page.GotoAsync("/profile/api-keys");
                    break;
                case "new key form":
                    await page.GotoAsync("/profile/api-keys/new");
                    break;
                case "new key errors":
                    await CreateKeyAsync(page, "", "someday");
                    await Assertions.Expect(page.Locator("#Input_ExpiresOn-error")).ToBeVisibleAsync();
                    break;
                case "new key shown":
                    await CreateKeyAsync(page, $"Shown {scheme}");
                    break;
                default:
                    await page.GotoAsync("/profile/api-keys");
                    await page.Locator("a[href='/profile']").First.WaitForAsync();
                    var keyId = await KeyIdAsync("Axe key");
                    await page.GotoAsync($"/profile/api-keys/{keyId}/revoke");
                    break;
            }
            var results = await page.AxeAsync();

            Assert.True(results.Violations.Length == 0, $"{state}, {scheme}:\n" + string.Join("\n", results.Violations.Select(v =>
                $"{v.Id}: {v.Help} — {string.Join("; ", v.Nodes.Select(n => n.Html))}")));
        }
        Assert.DoesNotContain(errors, e => !(state == "new key errors" && e.StartsWith("422 ", StringComparison.Ordinal))); // but the form's own answer
    }

    [Fact]
    public async Task WithJavaScriptTheListsRevokeAsksInADialogAndRevokesOnConfirming()
    {
        var page = await browser.NewPageAsync();
        await RegisterAsync(page);
        await CreateKeyAsync(page, "Dialog key");
        await Assertions.Expect(page.GetByLabel("Your new key")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^llmp_[A-Za-z0-9]{40}$"));

        await page.GotoAsync("/profile/api-keys");
        await page.GetByRole(AriaRole.Button, new() { Name = "Dialog key" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("Tools that use it are refused at once.");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/profile/api-keys$"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Dialog key" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();

        await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync("Revoked the key “Dialog key”");
        await Assertions.Expect(page.Locator("tbody tr")).ToContainTextAsync("Revoked");
        Assert.NotNull(await WithDbAsync(db => db.ApiKeys.Where(k => k.Name == "Dialog key").Select(k => k.RevokedAt).SingleAsync()));
    }

    private static async Task RegisterAsync(IPage page)
    {
        await page.GotoAsync("/account/register");
        await page.GetByLabel("Display name").FillAsync("Kim Keys");
        await page.GetByLabel("E-mail address").FillAsync(Infrastructure.Accounts.NewEmail("keys-browser"));
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Infrastructure.Accounts.Password);
        await page.GetByLabel("Confirm password").FillAsync(Infrastructure.Accounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(page.Locator(".site-user__name")).ToHaveTextAsync("Kim Keys");
    }

    private static async Task CreateKeyAsync(IPage page, string name, string lastDay = "")
    {
        await page.GotoAsync("/profile/api-keys/new");
        await page.GetByLabel("Name").FillAsync(name);
        if (lastDay.Length > 0)
        {
            // A browser with a date picker accepts only dates; typed text is what one without it sends.
            await page.Locator("#Input_ExpiresOn").EvaluateAsync("(e, v) => { e.type = 'text'; e.value = v; }", lastDay);
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(lastDay.Length > 0 || name.Length == 0 ? "Create an API key" : "Your new API key");
    }

    private Task<Guid> KeyIdAsync(string name) =>
        WithDbAsync(db => db.ApiKeys.Where(k => k.Name == name).OrderByDescending(k => k.CreatedAt).Select(k => k.Id).FirstAsync());

    private async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = browser.App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }
}

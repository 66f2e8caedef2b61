using Microsoft.Playwright;

namespace LlmPages.Tests.Infrastructure;

/// <summary>Steps the browser tests share.</summary>
public static class BrowserSteps
{
    /// <summary>
    /// The admin's session cookies from the last sign-in through the form, reused by the next test's fresh context
    /// when the app still takes them (the same app, the session not ended): the form's round trips and the password
    /// hash cost about 0.7 s a test, and some forty tests sign the admin in.
    /// </summary>
    private static Cookie[] adminCookies = [];

    /// <summary>Signs the admin in: with the saved session when the app accepts it, else through the form.</summary>
    public static async Task LogInAsAdminAsync(this IPage page)
    {
        var saved = Volatile.Read(ref adminCookies);
        if (saved.Length > 0)
        {
            await page.Context.AddCookiesAsync(saved);
            await using var admin = await page.Context.APIRequest.GetAsync("/admin", new() { MaxRedirects = 0 });
            if (admin.Status == 200)
            {
                return;
            }
            await page.Context.ClearCookiesAsync();
        }
        await page.GotoAsync("/account/login");
        await page.GetByLabel("E-mail address").FillAsync(AppFactory.AdminEmail);
        await page.GetByLabel("Password").FillAsync(Accounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(page.Locator(".site-user__name")).ToBeVisibleAsync();
        Volatile.Write(ref adminCookies, [.. (await page.Context.CookiesAsync()).Select(c => new Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, Expires = c.Expires, HttpOnly = c.HttpOnly,
            Secure = c.Secure, SameSite = c.SameSite,
        })]);
    }

    /// <summary>
    /// Switches the page to a colour scheme and waits until the browser has drawn a frame with it, so a check that
    /// follows (axe's contrast) sees the new colours everywhere, not a page part-way through restyling.
    /// </summary>
    public static async Task UseColorSchemeAsync(this IPage page, ColorScheme scheme)
    {
        await page.EmulateMediaAsync(new() { ColorScheme = scheme });
        var dark = scheme == ColorScheme.Dark ? "true" : "false";
        await page.WaitForFunctionAsync($"() => matchMedia('(prefers-color-scheme: dark)').matches === {dark}");
        await page.EvaluateAsync("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))");
    }

    /// <summary>
    /// Console errors include CSP violations: a page that breaks its own policy fails the test. So does any
    /// asset that fails to load; the page's own status (a 404 page, say) is its test's business.
    /// </summary>
    public static List<string> CollectErrors(this IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        page.Response += (_, response) =>
        {
            // 422 is a form sent back with its errors (Web/FormErrors), which htmx swaps in: an answer, not a failure.
            if (response.Status >= 400 && response.Status != 422 && response.Request.ResourceType != "document")
            {
                errors.Add($"{response.Status} {response.Url}");
            }
        };
        return errors;
    }
}

using LlmPages.Tests.Infrastructure;

namespace LlmPages.Tests.Browser;

/// <summary>The accessibility tests' own axe runner (<see cref="Axe"/>) finds what axe finds, so a clean report means something.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AxeRunnerTests(BrowserFixture browser) : IBrowserTest
{
    public BrowserFixture Browser => browser;

    [Fact]
    public async Task AnUnlabelledFieldAndFaintTextAreFoundInEitherSchemeAndACleanPageIsClean()
    {
        var page = await browser.NewPageAsync();
        await page.SetContentAsync("""
            <!doctype html><html lang="en"><title>Axe</title>
            <main><h1>Form</h1><input type="text"><p style="color:#bbb;background:#fff">Faint</p></main>
            """);

        var found = await page.AxeAsync();

        Assert.Equal(["color-contrast", "label"], found.Violations.Select(v => v.Id).Order());
        Assert.Equal("<input type=\"text\">", found.Violations.Single(v => v.Id == "label").Nodes.Single().Html);
        // Clean in the light scheme; the dark one's faint text is found by a second run on the same page.
        await page.SetContentAsync("""
            <!doctype html><html lang="en"><title>Axe</title>
            <style>p { color: #000; background: #fff } @media (prefers-color-scheme: dark) { p { color: #333; background: #000 } }</style>
            <main><h1>Form</h1><label>Name <input type="text"></label><p>Plain</p></main>
            """);
        Assert.Empty((await page.AxeAsync()).Violations);
        await page.UseColorSchemeAsync(Microsoft.Playwright.ColorScheme.Dark);
        Assert.Equal("color-contrast", Assert.Single((await page.AxeAsync()).Violations).Id);
    }
}

using LlmPages.Tests.Infrastructure;

namespace LlmPages.Tests.Web;

public sealed class SecurityHeadersTests(AppFactory app) : IClassFixture<AppFactory>
{
    public static TheoryData<string> Pages => ["/", "/account/login", "/account/register", "/account/logout", "/admin", "/error/404", "/no-such-page", "/healthz", "/v1/models"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task EveryResponseCarriesTheSecurityHeaders(string url)
    {
        var (admin, _) = await app.AdminAndUserAsync();

        var page = await admin.GetAsync(url);

        var csp = page.Header("Content-Security-Policy");
        Assert.NotNull(csp);
        foreach (var directive in new[] { "default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'" })
        {
            Assert.Contains(directive, csp);
        }
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", page.Header("X-Content-Type-Options"));
        Assert.Equal("same-origin", page.Header("Referrer-Policy"));
        Assert.Contains("HX-Request", page.Header("Vary"));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task NoPageHasInlineScriptOrStyle(string url)
    {
        var (admin, _) = await app.AdminAndUserAsync();

        var page = await admin.GetAsync(url);

        Assert.Empty(page.FindAll("script:not([src])"));
        Assert.Empty(page.FindAll("style"));
        Assert.Empty(page.FindAll("[style]"));
        Assert.DoesNotContain(page.Document.All, e => e.Attributes.Any(a =>
            a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase) || a.Name.StartsWith("hx-on", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task HstsIsSentOverHttpsOutsideDevelopment()
    {
        using var http = app.CreateClient(new() { BaseAddress = new Uri("https://llmpages.example") });

        var response = await http.GetAsync("/account/login");

        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task EveryAssetIsServedByTheAppItself()
    {
        using var client = app.CreateHtmlClient();
        var page = await client.GetAsync("/");

        var assets = page.FindAll("script[src], link[href]").Select(e => e.GetAttribute("src") ?? e.GetAttribute("href")!).ToList();

        Assert.NotEmpty(assets);
        foreach (var asset in assets)
        {
            Assert.StartsWith("/", asset);
            var response = await client.Http.GetAsync(asset);
            Assert.True(response.IsSuccessStatusCode, $"{asset} answered {response.StatusCode}");
        }
    }
}

using System.Net;
using LlmPages.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.Admin;

public sealed class RoleGateTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>Every route the app maps under /admin, read from the app itself so new admin pages are covered.</summary>
    private IEnumerable<string> AdminUrls()
    {
        _ = app.Server; // builds the app
        return app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText?.TrimStart('/'))
            .Where(p => p.StartsWith("/admin", StringComparison.OrdinalIgnoreCase) && !p.Contains('{', StringComparison.Ordinal))
            .Distinct()
            .ToList();
    }

    [Fact]
    public async Task AUserGets403OnEveryAdminUrl()
    {
        var (_, user) = await app.AdminAndUserAsync();
        var urls = AdminUrls().ToList();

        Assert.NotEmpty(urls);
        foreach (var url in urls)
        {
            var page = await user.GetAsync(url);
            Assert.True(page.Status == HttpStatusCode.Forbidden, $"{url} answered {page.Status}");
            Assert.Equal("You do not have access to this page", page.Text("h1"));
        }
    }

    [Fact]
    public async Task AnAdminCanOpenEveryAdminUrl()
    {
        var (admin, _) = await app.AdminAndUserAsync();

        foreach (var url in AdminUrls())
        {
            var page = await admin.GetAsync(url);
            Assert.True(page.Status == HttpStatusCode.OK, $"{url} answered {page.Status}");
        }
    }

    [Fact]
    public async Task AVisitorIsSentToLogInFirst()
    {
        using var visitor = app.CreateHtmlClient();

        var page = await visitor.GetAsync("/admin");

        Assert.Equal("/account/login", page.Url.AbsolutePath);
        Assert.Contains("returnUrl=%2Fadmin", page.Url.Query, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TheAdminLinkIsShownToAdminsOnly()
    {
        var (admin, user) = await app.AdminAndUserAsync();

        Assert.NotNull((await admin.GetAsync("/")).Find("nav.site-nav a[href='/admin']"));
        Assert.Null((await user.GetAsync("/")).Find("a[href='/admin']"));
    }
}

using System.Net;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Profile;
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
    public async Task AUserGets403OnEveryAdminUrlWithAnId()
    {
        var (admin, user) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Gate");
        await admin.CreateProviderAsync(name);
        var provider = await app.ProviderAsync(name);
        await admin.CreateModelAsync(provider.Id, "gate-model");
        var model = await app.ModelAsync(provider.Id, "gate-model");
        var type = await app.AiTypeAsync("Chat");
        var personId = await app.UserIdAsync(AppFactory.AdminEmail);
        var promptName = AdminSteps.Unique("Gate prompt");
        await admin.CreatePromptAsync(promptName, "Be brief.");
        var prompt = await app.PromptAsync(promptName);
        var keyName = AdminSteps.Unique("Gate key");
        await ApiKeyPages.ApiKeySteps.CreateApiKeyAsync(user, keyName);
        var key = await ApiKeyPages.ApiKeySteps.ApiKeyAsync(app, keyName);
        var urls = new[]
        {
            $"/admin/ai-types/{type.Id}/edit", $"/admin/ai-types/{type.Id}/delete",
            $"/admin/providers/{provider.Id}", $"/admin/providers/{provider.Id}/delete",
            $"/admin/providers/{provider.Id}/test", $"/admin/providers/{provider.Id}/discover",
            $"/admin/models/{model.Id}/edit", $"/admin/models/{model.Id}/delete",
            $"/admin/users/{personId}/edit", $"/admin/users/{personId}/deactivate", $"/admin/users/{personId}/reset-password",
            $"/admin/users/{personId}/delete", $"/admin/users/{personId}/reject",
            $"/admin/prompts/{prompt.Id}/edit", $"/admin/prompts/{prompt.Id}/delete",
            $"/admin/api-keys/{key.Id}/revoke",
        };
        // Every parameterised admin route is listed above, except the jobs dashboard's catch-all
        // (Jobs/JobsDashboardTests covers it).
        Assert.Equal(
            AllAdminPatterns().Count(p => p.Contains('{', StringComparison.Ordinal)
                && !p.StartsWith(LlmPages.Jobs.JobsExtensions.DashboardPath, StringComparison.OrdinalIgnoreCase)),
            urls.Length);
        var token = (await user.GetAsync("/")).Find("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        foreach (var url in urls)
        {
            var page = await user.GetAsync(url);
            Assert.True(page.Status == HttpStatusCode.Forbidden, $"GET {url} answered {page.Status}");
            var posted = await user.PostAsync(url, new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["confirmed"] = "true" });
            Assert.True(posted.Status == HttpStatusCode.Forbidden, $"POST {url} answered {posted.Status}");
        }
        Assert.True((await app.ProviderAsync(name)).IsActive);
        var target = await app.UserByEmailAsync(AppFactory.AdminEmail);
        Assert.True(target!.IsActive);
        Assert.False(target.MustChangePassword);
        Assert.Equal("Be brief.", (await app.PromptAsync(promptName)).Content);
        Assert.Null((await ApiKeyPages.ApiKeySteps.ApiKeyAsync(app, keyName)).RevokedAt);
    }

    private IEnumerable<string> AllAdminPatterns()
    {
        _ = app.Server;
        return app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText?.TrimStart('/'))
            .Where(p => p.StartsWith("/admin", StringComparison.OrdinalIgnoreCase))
            .Distinct();
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

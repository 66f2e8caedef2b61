using System.Net;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace LlmPages.Tests.Accounts;

public sealed class SessionTests : IDisposable
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly AppFactory app;

    public SessionTests() => app = new AppFactory { Clock = clock };

    [Fact]
    public async Task TheSessionCookieIsHttpOnlyLaxAndSecureOverHttps()
    {
        using var http = app.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"),
            AllowAutoRedirect = false,
            HandleCookies = true,
        });
        var client = new HtmlClient(http);
        var form = await client.GetAsync("/account/login");

        var response = await client.SubmitAsync(form, "main form", new Dictionary<string, string>
        {
            ["Input.Email"] = AppFactory.AdminEmail,
            ["Input.Password"] = Infrastructure.Accounts.Password,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.Status);
        var cookie = response.Response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("llmpages.session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ASessionEndsAfterADayWithoutRequests()
    {
        using var client = app.CreateHtmlClient();
        await client.LoginAsync(AppFactory.AdminEmail);

        clock.Advance(TimeSpan.FromHours(23));
        var stillIn = await client.GetAsync("/admin");
        clock.Advance(TimeSpan.FromHours(24.5));
        var afterIdle = await client.GetAsync("/admin");

        Assert.Equal("/admin", stillIn.Url.AbsolutePath);
        Assert.Equal("/account/login", afterIdle.Url.AbsolutePath);
    }

    [Fact]
    public async Task ASessionEndsAfterSevenDaysEvenWhenUsedEveryDay()
    {
        using var client = app.CreateHtmlClient();
        await client.LoginAsync(AppFactory.AdminEmail);

        for (var day = 1; day <= 7; day++)
        {
            clock.Advance(TimeSpan.FromHours(23));
            Assert.Equal("/admin", (await client.GetAsync("/admin")).Url.AbsolutePath);
        }
        clock.Advance(TimeSpan.FromHours(23));
        var afterAWeek = await client.GetAsync("/admin");

        Assert.Equal("/account/login", afterAWeek.Url.AbsolutePath);
    }

    [Fact]
    public async Task APageViewChecksTheSessionWithoutReissuingTheCookie()
    {
        using var client = app.CreateHtmlClient();
        await client.LoginAsync(AppFactory.AdminEmail);

        var page = await client.GetAsync("/admin");

        Assert.Equal("/admin", page.Url.AbsolutePath);
        // A new cookie on every response was Identity's validator rebuilding the session each time.
        Assert.False(page.Response.Headers.TryGetValues("Set-Cookie", out var cookies)
            && cookies.Any(c => c.StartsWith("llmpages.session=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task DeactivatingAnAccountEndsItsSessionAtTheNextRequest()
    {
        using var client = app.CreateHtmlClient();
        await client.LoginAsync(AppFactory.AdminEmail);
        Assert.Equal("/admin", (await client.GetAsync("/admin")).Url.AbsolutePath);

        await app.WithDbAsync(db => db.Users.Where(u => u.Email == AppFactory.AdminEmail)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false)));
        var page = await client.GetAsync("/admin");

        Assert.Equal("/account/login", page.Url.AbsolutePath);
    }

    public void Dispose() => app.Dispose();
}

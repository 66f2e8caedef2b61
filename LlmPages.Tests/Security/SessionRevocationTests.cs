using System.Net;
using LlmPages.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace LlmPages.Tests.Security;

/// <summary>
/// Security issue #12, finding 1: logging out ended the session only in the browser that logged out; its cookie,
/// replayed, still signed the person in for up to 7 days. Each session now has a server-side record that logging
/// out revokes, and only that session's.
/// </summary>
public sealed class SessionRevocationTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task ASessionCookieReplayedAfterLoggingOutIsRefused()
    {
        var (browser, cookies) = BrowserWithCookies();
        await browser.RegisterAsync(Infrastructure.Accounts.NewEmail("replayed"));
        var stolen = cookies.GetCookieHeader(new Uri("http://localhost"));
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookiesAsync("/chat", stolen)).StatusCode);

        await browser.LogoutAsync();
        var replayed = await GetWithCookiesAsync("/chat", stolen);

        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Equal("/account/login", replayed.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task LoggingOutOnOneDeviceLeavesThePersonSignedInOnTheOthers()
    {
        var email = Infrastructure.Accounts.NewEmail("two-devices");
        using var laptop = app.CreateHtmlClient();
        await laptop.RegisterAsync(email, "Ada Devices");
        using var phone = app.CreateHtmlClient();
        await phone.LoginAsync(email);

        await laptop.LogoutAsync();
        var onThePhone = await phone.GetAsync("/chat");
        var onTheLaptop = await laptop.GetAsync("/chat");

        Assert.Equal("/chat", onThePhone.Url.AbsolutePath);
        Assert.Equal("Ada Devices", onThePhone.Text(".site-user__name"));
        Assert.Equal("/account/login", onTheLaptop.Url.AbsolutePath);
    }

    /// <summary>A browser without JavaScript whose cookies the test can read, as a thief with the cookie file could.</summary>
    private (HtmlClient Client, CookieContainer Cookies) BrowserWithCookies()
    {
        var cookies = new CookieContainer();
        var http = app.CreateDefaultClient(new Uri("http://localhost"), new RedirectHandler(), new CookieContainerHandler(cookies));
        return (new HtmlClient(http), cookies);
    }

    private async Task<HttpResponseMessage> GetWithCookiesAsync(string url, string cookieHeader)
    {
        using var raw = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", cookieHeader);
        return await raw.SendAsync(request);
    }
}

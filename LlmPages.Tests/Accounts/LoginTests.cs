using System.Net;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Accounts;

public sealed class LoginTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task LoggingInWithTheRightPasswordShowsTheUsersName()
    {
        var email = Infrastructure.Accounts.NewEmail();
        using (var registering = app.CreateHtmlClient())
        {
            await registering.RegisterAsync(email, "Grace Hopper");
        }
        using var client = app.CreateHtmlClient();

        var home = await client.LoginAsync(email);

        Assert.Equal(HttpStatusCode.OK, home.Status);
        Assert.Equal("/", home.Url.AbsolutePath);
        Assert.Equal("Grace Hopper", home.Text(".site-user__name"));
    }

    [Theory]
    [InlineData("lower")]
    [InlineData("upper")]
    public async Task TheEmailAddressIsMatchedIgnoringCase(string typed)
    {
        var email = $"Grace.Hopper-{Guid.NewGuid():N}@Example.TEST";
        using (var registering = app.CreateHtmlClient())
        {
            await registering.RegisterAsync(email, "Grace Hopper");
        }
        using var client = app.CreateHtmlClient();

        var home = await client.LoginAsync(typed == "lower" ? email.ToLowerInvariant() : email.ToUpperInvariant());

        Assert.Equal("/", home.Url.AbsolutePath);
        Assert.Equal("Grace Hopper", home.Text(".site-user__name"));
    }

    [Fact]
    public async Task AfterAWrongPasswordTheRightOneSignsInRecordsTheTimeAndClearsTheCount()
    {
        var email = Infrastructure.Accounts.NewEmail();
        using (var registering = app.CreateHtmlClient())
        {
            await registering.RegisterAsync(email);
        }
        using var client = app.CreateHtmlClient();

        await client.LoginAsync(email, "not the password");
        var home = await client.LoginAsync(email);

        Assert.Equal("Test Person", home.Text(".site-user__name"));
        var (lastSignIn, failures) = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email)
            .Select(u => new ValueTuple<DateTime?, int>(u.LastSignInAt, u.AccessFailedCount)).SingleAsync());
        Assert.NotNull(lastSignIn);
        Assert.Equal(0, failures);
    }

    [Fact]
    public async Task LoggingInReturnsToTheLocalPageAskedForButNeverToAnotherSite()
    {
        using var client = app.CreateHtmlClient();
        var adminPage = await client.GetAsync("/admin");
        Assert.Equal("/account/login", adminPage.Url.AbsolutePath);

        var afterLogin = await client.SubmitAsync(adminPage, "main form", new Dictionary<string, string>
        {
            ["Input.Email"] = AppFactory.AdminEmail,
            ["Input.Password"] = Infrastructure.Accounts.Password,
        });
        Assert.Equal("/admin", afterLogin.Url.AbsolutePath);

        using var other = app.CreateHtmlClient();
        var form = await other.GetAsync("/account/login?returnUrl=https%3A%2F%2Fevil.example%2F");
        var home = await other.SubmitAsync(form, "main form", new Dictionary<string, string>
        {
            ["Input.Email"] = AppFactory.AdminEmail,
            ["Input.Password"] = Infrastructure.Accounts.Password,
        });
        Assert.Equal("localhost", home.Url.Host);
        Assert.Equal("/", home.Url.AbsolutePath);
    }

    [Fact]
    public async Task AWrongPasswordIsReportedWithoutSigningIn()
    {
        var email = Infrastructure.Accounts.NewEmail();
        using (var registering = app.CreateHtmlClient())
        {
            await registering.RegisterAsync(email);
        }
        using var client = app.CreateHtmlClient();

        var page = await client.LoginAsync(email, "not the password");

        Assert.Equal("/account/login", page.Url.AbsolutePath);
        Assert.Contains("The e-mail address or password is not right.", page.Text("[role=alert]"));
        Assert.Null(page.Find(".site-user__name"));
        Assert.Equal(email, page.Find("#Input_Email")!.GetAttribute("value"));
    }

    [Fact]
    public async Task AnUnknownEmailGetsTheSameMessageAsAWrongPassword()
    {
        using var client = app.CreateHtmlClient();

        var page = await client.LoginAsync(Infrastructure.Accounts.NewEmail("nobody"));

        Assert.Contains("The e-mail address or password is not right.", page.Text("[role=alert]"));
    }

    [Fact]
    public async Task FiveFailuresLockTheAccountSoThatEvenTheRightPasswordIsRefusedAndThePageSaysWhy()
    {
        var email = Infrastructure.Accounts.NewEmail();
        using (var registering = app.CreateHtmlClient())
        {
            await registering.RegisterAsync(email);
        }
        using var client = app.CreateHtmlClient();

        HtmlPage page = null!;
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            page = await client.LoginAsync(email, $"wrong password {attempt}");
        }
        var withRightPassword = await client.LoginAsync(email);

        Assert.Contains("locked for 5 minutes, and until then even the right password is refused.", page.Text("[role=alert]"));
        Assert.Equal(page.Text("[role=alert]"), withRightPassword.Text("[role=alert]"));
        Assert.Null(withRightPassword.Find(".site-user__name"));
    }

    [Fact]
    public async Task LoggingOutEndsTheSession()
    {
        var email = Infrastructure.Accounts.NewEmail();
        using var client = app.CreateHtmlClient();
        await client.RegisterAsync(email);

        var afterLogout = await client.LogoutAsync();
        var home = await client.GetAsync("/");

        Assert.Equal("/account/login", afterLogout.Url.AbsolutePath);
        Assert.Contains("You are logged out.", afterLogout.Text("#flash"));
        Assert.Null(home.Find(".site-user__name"));
        Assert.NotNull(home.Find("a[href='/account/login']"));
    }

    [Fact]
    public async Task TheLogoutLinkAsksBeforeSigningOut()
    {
        using var client = app.CreateHtmlClient();
        await client.RegisterAsync(Infrastructure.Accounts.NewEmail());

        var confirm = await client.GetAsync("/account/logout");
        var stillSignedIn = await client.GetAsync("/");

        Assert.Equal("Log out?", confirm.Text("h1"));
        Assert.NotNull(stillSignedIn.Find(".site-user__name"));
    }
}

using System.Net;
using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.Accounts;

public sealed class RegisterTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task RegisteringSignsTheNewUserInAsAUser()
    {
        using var client = app.CreateHtmlClient();

        var home = await client.RegisterAsync(Infrastructure.Accounts.NewEmail(), "Rosa Parks");

        Assert.Equal(HttpStatusCode.OK, home.Status);
        Assert.Equal("/", home.Url.AbsolutePath);
        Assert.Equal("Rosa Parks", home.Text(".site-user__name"));
        Assert.Contains("Your account is ready", home.Text("#flash"));
        Assert.Contains("User", home.Text(".stats"));
        Assert.Null(home.Find("nav.site-nav a[href='/admin']"));
    }

    [Fact]
    public async Task MismatchedPasswordsAreReportedNextToTheFieldAndTheValuesAreKept()
    {
        using var client = app.CreateHtmlClient();
        var form = await client.GetAsync("/account/register");

        var page = await client.SubmitAsync(form, "main form", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Kept Name",
            ["Input.Email"] = "kept@example.test",
            ["Input.Password"] = "long enough password",
            ["Input.ConfirmPassword"] = "another password",
        });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("The two passwords are not the same.", page.Text("#Input_ConfirmPassword-error"));
        Assert.Equal("true", page.Find("#Input_ConfirmPassword")!.GetAttribute("aria-invalid"));
        Assert.Contains("Input_ConfirmPassword-error", page.Find("#Input_ConfirmPassword")!.GetAttribute("aria-describedby"));
        Assert.NotNull(page.Find("[role=alert] a[href='#Input_ConfirmPassword']"));
        Assert.Equal("Kept Name", page.Find("#Input_DisplayName")!.GetAttribute("value"));
        Assert.Equal("kept@example.test", page.Find("#Input_Email")!.GetAttribute("value"));
        Assert.Null(page.Find("#Input_Password")!.GetAttribute("value"));
    }

    [Fact]
    public async Task EmptyFormExplainsEveryMissingField()
    {
        using var client = app.CreateHtmlClient();
        var form = await client.GetAsync("/account/register");

        var page = await client.SubmitAsync(form, "main form");

        Assert.Contains("Enter the name", page.Text("#Input_DisplayName-error"));
        Assert.Contains("Enter your e-mail address.", page.Text("#Input_Email-error"));
        Assert.Contains("Choose a password.", page.Text("#Input_Password-error"));
    }

    [Fact]
    public async Task ShortPasswordAndBadEmailGetSpecificMessages()
    {
        using var client = app.CreateHtmlClient();
        var form = await client.GetAsync("/account/register");

        var page = await client.SubmitAsync(form, "main form", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Someone",
            ["Input.Email"] = "not-an-address",
            ["Input.Password"] = "short",
            ["Input.ConfirmPassword"] = "short",
        });

        Assert.Contains("Enter an e-mail address like name@example.com.", page.Text("#Input_Email-error"));
        Assert.Contains("8 to 128 characters", page.Text("#Input_Password-error"));
    }

    [Fact]
    public async Task ASecondAccountWithTheSameEmailIsRefusedWithAClearMessage()
    {
        var email = Infrastructure.Accounts.NewEmail();
        using (var first = app.CreateHtmlClient())
        {
            await first.RegisterAsync(email);
        }
        using var second = app.CreateHtmlClient();

        var page = await second.RegisterAsync(email.ToUpperInvariant());

        Assert.Equal("/account/register", page.Url.AbsolutePath);
        Assert.Contains("already exists", page.Text("#Input_Email-error"));
    }
}

/// <summary>Another server (sharing the PostgreSQL database) registers the same address at the worst moment.</summary>
public sealed class RegistrationRaceTests(SecondAdminAppFactory app) : IClassFixture<SecondAdminAppFactory>
{
    [Fact]
    public async Task AnAddressRegisteredElsewhereSinceTheCheckIsRefusedWithTheSameMessage()
    {
        var email = Infrastructure.Accounts.NewEmail();
        app.SecondAdmin.BeforeAdding<AppUser>(u => u.Email == email.ToUpperInvariant(), async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var created = await users.CreateAsync(new AppUser { UserName = email, Email = email, DisplayName = "Elsewhere" }, "another long passphrase");
            Assert.True(created.Succeeded);
        });
        using var client = app.CreateHtmlClient();

        var page = await client.RegisterAsync(email.ToUpperInvariant());

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("/account/register", page.Url.AbsolutePath);
        Assert.Contains("An account with this e-mail address already exists. Log in instead, or use another address.", page.Text("#Input_Email-error"));
        Assert.Equal(1, await app.WithDbAsync(db => db.Users.CountAsync(u => u.NormalizedEmail == email.ToUpperInvariant())));
    }
}

/// <summary>Runs on an app without a configured admin, so the first registration is really the first account.</summary>
public sealed class FirstAccountTests : IDisposable
{
    private readonly AppFactory app = new();

    public FirstAccountTests()
    {
        app.Settings.Remove("LlmPages:Accounts:AdminEmail");
        app.Settings.Remove("LlmPages:Accounts:AdminPassword");
    }

    [Fact]
    public async Task TheFirstAccountRegisteredIsAnAdminAndTheNextIsAUser()
    {
        using var first = app.CreateHtmlClient();
        var firstHome = await first.RegisterAsync(Infrastructure.Accounts.NewEmail("first"), "First Person");
        using var second = app.CreateHtmlClient();
        var secondHome = await second.RegisterAsync(Infrastructure.Accounts.NewEmail("second"), "Second Person");

        Assert.Contains("Admin", firstHome.Text(".stats"));
        Assert.NotNull(firstHome.Find("nav.site-nav a[href='/admin']"));
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/admin")).Status);
        Assert.DoesNotContain("Admin", secondHome.Text(".stats"));
        Assert.Equal(HttpStatusCode.Forbidden, (await second.GetAsync("/admin")).Status);
    }

    public void Dispose() => app.Dispose();
}

using System.Net;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Profile;

/// <summary>
/// Changing the password asks for the current one, follows the password policy, keeps this browser signed in and
/// signs out every other session (a copy of its cookie is refused); signing out everywhere ends this one too.
/// </summary>
public sealed class PasswordChangeTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string NewPassword = "tangerine lighthouse orbit";

    [Fact]
    public async Task ChangingThePasswordEndsTheOtherSessionsButNotThisOne()
    {
        var email = Infrastructure.Accounts.NewEmail("changer");
        using var laptop = app.CreateHtmlClient();
        await laptop.RegisterAsync(email, "Pat Changer");
        using var phone = app.CreateHtmlClient();
        await phone.LoginAsync(email);

        var changed = await laptop.ChangePasswordAsync(Infrastructure.Accounts.Password, NewPassword);
        var onTheLaptop = await laptop.GetAsync("/chat");
        var onThePhone = await phone.GetAsync("/chat");
        using var fresh = app.CreateHtmlClient();
        var oldPassword = await fresh.LoginAsync(email);
        var newPassword = await fresh.LoginAsync(email, NewPassword);

        Assert.Equal("/profile", changed.Url.AbsolutePath);
        Assert.Contains("Your password is changed.", changed.Text("#flash"), StringComparison.Ordinal);
        Assert.Equal("/chat", onTheLaptop.Url.AbsolutePath);
        Assert.Equal("Pat Changer", onTheLaptop.Text(".site-user__name"));
        Assert.Equal("/account/login", onThePhone.Url.AbsolutePath);
        Assert.Equal("/account/login", oldPassword.Url.AbsolutePath);
        Assert.Equal("/", newPassword.Url.AbsolutePath);
        var userId = await app.UserIdAsync(email);
        Assert.Equal(2, await app.WithDbAsync(db => db.UserSessions.CountAsync(s => s.UserId == userId && s.RevokedAt == null)));
    }

    [Theory]
    [InlineData("wrong current password", NewPassword, NewPassword, "Input.CurrentPassword", "That is not your current password.")]
    [InlineData(Infrastructure.Accounts.Password, "password", "password", "Input.NewPassword", "")]
    [InlineData(Infrastructure.Accounts.Password, "short", "short", "Input.NewPassword", "A password needs 8 to 128 characters.")]
    [InlineData(Infrastructure.Accounts.Password, NewPassword, "something else", "Input.ConfirmPassword", "The two new passwords are not the same.")]
    public async Task ARefusedChangeSaysWhyNextToTheFieldAndChangesNothing(string current, string next, string confirm, string field, string reason)
    {
        var email = Infrastructure.Accounts.NewEmail("refused");
        using var user = app.CreateHtmlClient();
        await user.RegisterAsync(email);
        using var phone = app.CreateHtmlClient();
        await phone.LoginAsync(email);

        var page = await user.ChangePasswordAsync(current, next, confirm);

        var id = field.Replace('.', '_');
        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.NotEmpty(page.Text($"#{id}-error"));
        Assert.Contains(reason, page.Text($"#{id}-error"), StringComparison.Ordinal);
        Assert.NotNull(page.Find($"#error-summary a[href='#{id}']"));
        Assert.All(page.FindAll("input[type=password]"), i => Assert.Null(i.GetAttribute("value")));
        Assert.Equal("/chat", (await phone.GetAsync("/chat")).Url.AbsolutePath);
        using var fresh = app.CreateHtmlClient();
        Assert.Equal("/", (await fresh.LoginAsync(email)).Url.AbsolutePath);
    }

    [Fact]
    public async Task SigningOutEverywhereEndsEverySessionThisOneIncluded()
    {
        var email = Infrastructure.Accounts.NewEmail("everywhere");
        using var laptop = app.CreateHtmlClient();
        await laptop.RegisterAsync(email);
        using var phone = app.CreateHtmlClient();
        await phone.LoginAsync(email);

        var profile = await laptop.GetAsync("/profile");
        var ask = await laptop.GetAsync(profile.Find("a[href='/profile/sign-out-everywhere']")!.GetAttribute("href")!);
        var done = await laptop.SubmitAsync(ask, "main form");

        Assert.Equal("Sign out everywhere?", ask.Text("h1"));
        Assert.Equal("/account/login", done.Url.AbsolutePath);
        Assert.Contains("You are signed out on every device.", done.Text("#flash"), StringComparison.Ordinal);
        Assert.Equal("/account/login", (await laptop.GetAsync("/chat")).Url.AbsolutePath);
        Assert.Equal("/account/login", (await phone.GetAsync("/chat")).Url.AbsolutePath);
        var userId = await app.UserIdAsync(email);
        Assert.Equal(0, await app.WithDbAsync(db => db.UserSessions.CountAsync(s => s.UserId == userId && s.RevokedAt == null)));
    }
}

using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Security;

/// <summary>
/// Security issue #12, finding 3: the sign-in form told who has an account (a lockout or deactivation message only
/// for existing ones, and a reply 30 times faster for unknown addresses). It now says the same thing whether or not
/// the address has an account, and says more only to someone who typed the account's password. The time taken is
/// measured by <c>bench/run.sh --only signin</c>, not here: no test here depends on timing.
/// </summary>
public sealed class AccountEnumerationTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string WrongPassword = "not the right password";

    [Fact]
    public async Task SignInSaysTheSameForUnknownWrongLockedAndDeactivated()
    {
        var wrong = await RegisteredAsync("wrong");
        var locked = await RegisteredAsync("locked");
        var deactivated = await RegisteredAsync("deactivated");
        using var client = app.CreateHtmlClient();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await client.LoginAsync(locked, $"{WrongPassword} {attempt}");
        }
        await app.WithDbAsync(db => db.Users.Where(u => u.Email == deactivated).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false)));

        var unknownAddress = await client.LoginAsync(Infrastructure.Accounts.NewEmail("nobody"), WrongPassword);
        var wrongPassword = await client.LoginAsync(wrong, WrongPassword);
        var lockedWithAWrongPassword = await client.LoginAsync(locked, WrongPassword);
        var lockedWithTheRightPassword = await client.LoginAsync(locked);
        var deactivatedWithAWrongPassword = await client.LoginAsync(deactivated, WrongPassword);

        var expected = unknownAddress.Text("[role=alert]");
        Assert.Contains("The e-mail address or password is not right.", expected);
        Assert.Equal(expected, wrongPassword.Text("[role=alert]"));
        Assert.Equal(expected, lockedWithAWrongPassword.Text("[role=alert]"));
        // While locked, the password is not even checked: saying "locked" only to the right one would tell a
        // guesser when they had it.
        Assert.Equal(expected, lockedWithTheRightPassword.Text("[role=alert]"));
        Assert.Null(lockedWithTheRightPassword.Find(".site-user__name"));
        Assert.Equal(expected, deactivatedWithAWrongPassword.Text("[role=alert]"));
    }

    [Fact]
    public async Task ADeactivatedAccountSaysSoOnlyToSomeoneWithItsPassword()
    {
        var email = await RegisteredAsync("deactivated-right");
        await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false)));
        using var client = app.CreateHtmlClient();

        var page = await client.LoginAsync(email);

        Assert.Contains("This account has been deactivated.", page.Text("[role=alert]"));
        Assert.Null(page.Find(".site-user__name"));
    }

    private async Task<string> RegisteredAsync(string who)
    {
        var email = Infrastructure.Accounts.NewEmail(who);
        using var client = app.CreateHtmlClient();
        await client.RegisterAsync(email);
        return email;
    }
}

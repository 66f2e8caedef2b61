using System.Net;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Profile;

/// <summary>
/// The profile's name and e-mail: a new name shows at once; a new address needs the current password, is unique ignoring
/// case as at registration, and is what signing in asks for from then on.
/// </summary>
public sealed class ProfileDetailsTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task ANewDisplayNameIsSavedAndShownInTheHeader()
    {
        using var user = app.CreateHtmlClient();
        await user.RegisterAsync(Infrastructure.Accounts.NewEmail("rename"), "Old Name");

        var page = await user.SaveDetailsAsync(new Dictionary<string, string> { ["Input.DisplayName"] = "  New Name " });

        Assert.Equal("/profile", page.Url.AbsolutePath);
        Assert.Contains("Your details are saved.", page.Text("#flash"), StringComparison.Ordinal);
        Assert.Equal("New Name", page.Text(".site-user__name"));
        Assert.Equal("New Name", page.Find("#Input_DisplayName")!.GetAttribute("value"));
    }

    [Fact]
    public async Task ANewAddressNeedsTheCurrentPasswordAndThenSignsIn()
    {
        var old = Infrastructure.Accounts.NewEmail("moving");
        var moved = Infrastructure.Accounts.NewEmail("moved");
        using var user = app.CreateHtmlClient();
        await user.RegisterAsync(old);

        var withoutPassword = await user.SaveDetailsAsync(new Dictionary<string, string> { ["Input.Email"] = moved });
        var wrongPassword = await user.SaveDetailsAsync(new Dictionary<string, string> { ["Input.Email"] = moved, ["Input.CurrentPassword"] = "not my password" });
        var saved = await user.SaveDetailsAsync(new Dictionary<string, string> { ["Input.Email"] = moved, ["Input.CurrentPassword"] = Infrastructure.Accounts.Password });
        await user.LogoutAsync();
        using var again = app.CreateHtmlClient();
        var withOld = await again.LoginAsync(old);
        var withNew = await again.LoginAsync(moved);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, withoutPassword.Status);
        Assert.Contains("Enter your current password to change your e-mail address.", withoutPassword.Text("#Input_CurrentPassword-error"), StringComparison.Ordinal);
        Assert.Equal(moved, withoutPassword.Find("#Input_Email")!.GetAttribute("value")); // what was typed is kept
        Assert.Contains("Enter your current password", wrongPassword.Text("#error-summary"), StringComparison.Ordinal);
        Assert.Null(wrongPassword.Find("#Input_CurrentPassword")!.GetAttribute("value"));
        Assert.Contains("Your details are saved.", saved.Text("#flash"), StringComparison.Ordinal);
        Assert.Equal("/account/login", withOld.Url.AbsolutePath);
        Assert.Equal("/", withNew.Url.AbsolutePath);
    }

    [Fact]
    public async Task ANewAddressEndsTheOtherSessionsButNotThisOneAndANewNameEndsNone()
    {
        var old = Infrastructure.Accounts.NewEmail("mover");
        var moved = Infrastructure.Accounts.NewEmail("moved-on");
        using var laptop = app.CreateHtmlClient();
        await laptop.RegisterAsync(old, "Pat Mover");
        using var phone = app.CreateHtmlClient();
        await phone.LoginAsync(old);

        await laptop.SaveDetailsAsync(new Dictionary<string, string> { ["Input.DisplayName"] = "Pat Renamed" });
        Assert.Equal("/chat", (await phone.GetAsync("/chat")).Url.AbsolutePath);

        var saved = await laptop.SaveDetailsAsync(new Dictionary<string, string> { ["Input.Email"] = moved, ["Input.CurrentPassword"] = Infrastructure.Accounts.Password });

        Assert.Contains("Every other device you were signed in on is signed out", saved.Text("#flash"), StringComparison.Ordinal);
        Assert.Equal("/chat", (await laptop.GetAsync("/chat")).Url.AbsolutePath);
        Assert.Equal("/account/login", (await phone.GetAsync("/chat")).Url.AbsolutePath);
        var userId = await app.UserIdAsync(moved);
        Assert.Equal(1, await app.WithDbAsync(db => db.UserSessions.CountAsync(s => s.UserId == userId && s.RevokedAt == null)));
    }

    [Fact]
    public async Task AnAddressAnotherAccountUsesIsRefusedWhateverItsCase()
    {
        var taken = Infrastructure.Accounts.NewEmail("taken");
        using (var other = app.CreateHtmlClient())
        {
            await other.RegisterAsync(taken);
        }
        using var user = app.CreateHtmlClient();
        await user.RegisterAsync(Infrastructure.Accounts.NewEmail("wants"));

        var page = await user.SaveDetailsAsync(new Dictionary<string, string>
        {
            ["Input.Email"] = taken.ToUpperInvariant(),
            ["Input.CurrentPassword"] = Infrastructure.Accounts.Password,
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains("Another account already uses this e-mail address.", page.Text("#Input_Email-error"), StringComparison.Ordinal);
        Assert.Contains("Another account already uses this e-mail address.", page.Text("#error-summary"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Input.DisplayName", "   ", "Enter the name other people and the app will call you.")]
    [InlineData("Input.Email", "not an address", "Enter an e-mail address like name@example.com.")]
    public async Task ABadValueIsRefusedNextToItsFieldAndKept(string field, string value, string reason)
    {
        using var user = app.CreateHtmlClient();
        await user.RegisterAsync(Infrastructure.Accounts.NewEmail("bad"), "Kept Name");

        var page = await user.SaveDetailsAsync(new Dictionary<string, string> { [field] = value });

        var id = field.Replace('.', '_');
        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains(reason, page.Text($"#{id}-error"), StringComparison.Ordinal);
        Assert.NotNull(page.Find($"#error-summary a[href='#{id}']"));
        Assert.Equal(value, page.Find($"#{id}")!.GetAttribute("value"));
    }
}

using System.Net;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Settings;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Profile;

/// <summary>
/// Deleting one's account asks first (a page, and the password), then removes everything that was theirs and ends
/// every session; the last active admin is refused, even when two admins try at the same moment.
/// </summary>
public sealed class DeleteAccountTests
{
    [Fact]
    public async Task DeletingTheAccountRemovesItsChatsMessagesSettingsAndSessions()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false" });
        var email = Infrastructure.Accounts.NewEmail("leaving");
        using var laptop = chat.App.CreateHtmlClient();
        await laptop.RegisterAsync(email);
        using var phone = chat.App.CreateHtmlClient();
        await phone.LoginAsync(email);
        var conversation = (await laptop.StartChatAsync("Remember this")).ConversationId();
        await chat.App.WaitForReplyAsync((await chat.App.MessagesAsync(conversation))[^1].Id);
        await laptop.SaveSettingsAsync(new Dictionary<string, string> { ["Input.Theme"] = "Dark" });
        using var stayer = await chat.NewUserAsync();
        var othersChat = (await stayer.StartChatAsync("I stay")).ConversationId();
        var userId = await chat.App.UserIdAsync(email);

        var ask = await laptop.GetAsync("/profile/delete");
        var done = await laptop.SubmitAsync(ask, "main form", new Dictionary<string, string> { ["Input.Password"] = Infrastructure.Accounts.Password });

        Assert.Contains("1 chat and 2 messages", ask.Text("main"), StringComparison.Ordinal);
        Assert.NotNull(ask.Find("form[data-confirm]"));
        Assert.Equal("/account/login", done.Url.AbsolutePath);
        Assert.Contains("Your account and all its data are deleted.", done.Text("#flash"), StringComparison.Ordinal);
        Assert.Equal("/account/login", (await phone.GetAsync("/chat")).Url.AbsolutePath);
        Assert.Equal("/account/login", (await laptop.LoginAsync(email)).Url.AbsolutePath);
        await chat.App.WithDbAsync(async db =>
        {
            Assert.False(await db.Users.AnyAsync(u => u.Id == userId));
            Assert.False(await db.Conversations.AnyAsync(c => c.OwnerId == userId));
            Assert.False(await db.Messages.AnyAsync(m => m.ConversationId == conversation));
            Assert.False(await db.UserSettings.AnyAsync(s => s.UserId == userId));
            Assert.False(await db.UserSessions.AnyAsync(s => s.UserId == userId));
            Assert.True(await db.Conversations.AnyAsync(c => c.Id == othersChat));
            // Usage stays for the app's totals, without the person.
            Assert.True(await db.UsageLogs.AnyAsync(l => l.ConversationId == conversation && l.UserId == null));
            return true;
        });
    }

    [Fact]
    public async Task AWrongPasswordDeletesNothing()
    {
        await using var app = new AppFactory();
        var email = Infrastructure.Accounts.NewEmail("careful");
        using var user = app.CreateHtmlClient();
        await user.RegisterAsync(email);

        var page = await user.DeleteAccountAsync("not my password");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains("That is not your password.", page.Text("#Input_Password-error"), StringComparison.Ordinal);
        Assert.Contains("That is not your password.", page.Text("#error-summary"), StringComparison.Ordinal);
        Assert.Equal("/profile", (await user.GetAsync("/profile")).Url.AbsolutePath);
        Assert.True(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.NormalizedEmail == email.ToUpperInvariant())));
    }

    [Fact]
    public async Task TheLastActiveAdminCannotDeleteTheirAccount()
    {
        await using var app = new AppFactory();
        using var admin = app.CreateHtmlClient();
        await admin.LoginAsync(AppFactory.AdminEmail);
        // Another admin who is deactivated does not count.
        var other = Infrastructure.Accounts.NewEmail("inactive-admin");
        using (var client = app.CreateHtmlClient())
        {
            await client.RegisterAsync(other);
        }
        await MakeAdminAsync(app, other, active: false);

        var ask = await admin.GetAsync("/profile/delete");
        var page = await admin.DeleteAccountAsync(Infrastructure.Accounts.Password);

        Assert.Contains("You are the only active administrator", ask.Text("main"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains("You are the only active administrator", page.Text("#error-summary"), StringComparison.Ordinal);
        Assert.Equal("/admin", (await admin.GetAsync("/admin")).Url.AbsolutePath);
    }

    [Fact]
    public async Task TwoAdminsDeletingThemselvesAtOnceLeaveOneOfThem()
    {
        await using var app = new AppFactory();
        using var first = app.CreateHtmlClient();
        await first.LoginAsync(AppFactory.AdminEmail);
        var secondEmail = Infrastructure.Accounts.NewEmail("second-admin");
        using var second = app.CreateHtmlClient();
        await second.RegisterAsync(secondEmail);
        await MakeAdminAsync(app, secondEmail, active: true);
        var firstForm = await first.GetAsync("/profile/delete");
        var secondForm = await second.GetAsync("/profile/delete");

        var pages = await Task.WhenAll(
            first.SubmitAsync(firstForm, "main form", new Dictionary<string, string> { ["Input.Password"] = Infrastructure.Accounts.Password }),
            second.SubmitAsync(secondForm, "main form", new Dictionary<string, string> { ["Input.Password"] = Infrastructure.Accounts.Password }));

        Assert.Single(pages, p => p.Url.AbsolutePath == "/account/login");
        Assert.Single(pages, p => p.Status == HttpStatusCode.UnprocessableEntity);
        Assert.Equal(1, await app.WithDbAsync(db => db.UserRoles.CountAsync(r => db.Roles.Any(x => x.Id == r.RoleId && x.Name == "Admin"))));
    }

    private static Task<bool> MakeAdminAsync(AppFactory app, string email, bool active) =>
        app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.NormalizedEmail == email.ToUpperInvariant());
            user.IsActive = active;
            var role = await db.Roles.SingleAsync(r => r.Name == "Admin");
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = role.Id });
            await db.SaveChangesAsync();
            return true;
        });
}

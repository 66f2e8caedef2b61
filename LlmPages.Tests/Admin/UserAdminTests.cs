using System.Net;
using LlmPages.Data.Entities;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Profile;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Admin;

/// <summary>The admin's Users pages: adding people, their role and quota, reset passwords, deleting, and the list.</summary>
public sealed class UserAdminTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task AnAddedPersonMustReplaceTheTemporaryPasswordBeforeAnythingElse()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var email = Infrastructure.Accounts.NewEmail("added");

        var added = await admin.AddPersonAsync(email, "Ada Added");

        Assert.Equal(HttpStatusCode.OK, added.Status);
        Assert.Contains("no-store", added.Header("Cache-Control"), StringComparison.Ordinal);
        var password = added.Text("main code");
        Assert.Matches("^[a-z2-9]{5}(-[a-z2-9]{5}){3}$", password);
        var stored = await app.UserByEmailAsync(email);
        Assert.True(stored!.MustChangePassword);
        Assert.DoesNotContain(password, stored.PasswordHash!, StringComparison.Ordinal);

        using var person = app.CreateHtmlClient();
        var signedIn = await person.LoginAsync(email, password);
        Assert.Equal("/profile/password", signedIn.Url.AbsolutePath);
        Assert.Contains("temporary password", signedIn.Text("main .alert--info"), StringComparison.Ordinal);
        Assert.Equal("/profile/password", (await person.GetAsync("/chat")).Url.AbsolutePath);
        Assert.Equal("/profile/password", (await person.GetAsync("/settings")).Url.AbsolutePath);

        var same = await person.ChangeTemporaryPasswordAsync(password, password);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, same.Status);
        Assert.Contains("not the temporary one", same.Text("#Input_NewPassword-error"), StringComparison.Ordinal);

        var changed = await person.ChangeTemporaryPasswordAsync(password);
        Assert.Equal("/profile", changed.Url.AbsolutePath);
        Assert.Equal("/chat", (await person.GetAsync("/chat")).Url.AbsolutePath);
        Assert.False((await app.UserByEmailAsync(email))!.MustChangePassword);
    }

    [Fact]
    public async Task AnAdminCanChooseTheTemporaryPasswordAndTheRole()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var email = Infrastructure.Accounts.NewEmail("chosen");

        var added = await admin.AddPersonAsync(email, "Cho Sen", role: "Admin", password: "a chosen temporary phrase");

        Assert.Equal("a chosen temporary phrase", added.Text("main code"));
        using var person = app.CreateHtmlClient();
        await person.LoginAsync(email, "a chosen temporary phrase");
        await person.ChangeTemporaryPasswordAsync("a chosen temporary phrase");
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/admin/users")).Status);
    }

    [Fact]
    public async Task AddingAPersonWithATakenAddressOrAWeakPasswordSaysWhatToDoAndKeepsTheForm()
    {
        var (admin, _) = await app.AdminAndUserAsync();

        var taken = await admin.AddPersonAsync(AppFactory.AdminEmail, "Second Admin");
        var weak = await admin.AddPersonAsync(Infrastructure.Accounts.NewEmail("weak"), "Weak Password", password: "short");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, taken.Status);
        Assert.Contains("Another account already uses this e-mail address.", taken.Text("#Input_Email-error"), StringComparison.Ordinal);
        Assert.Contains("Another account already uses this e-mail address.", taken.Text("#error-summary"), StringComparison.Ordinal);
        Assert.Equal("Second Admin", taken.Find("#Input_DisplayName")!.GetAttribute("value"));
        Assert.Null(taken.Find("main code"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, weak.Status);
        Assert.Contains("at least 8 characters", weak.Text("#Input_TemporaryPassword-error"), StringComparison.Ordinal);
        Assert.Equal("", weak.Find("#Input_TemporaryPassword")!.GetAttribute("value") ?? "");
    }

    [Theory]
    [InlineData("lots", "Monthly token quota must be a whole number.")]
    [InlineData("-5", "The monthly token quota must be a whole number from 0 to 1000000000000, or empty for no limit.")]
    [InlineData("1000000000001", "The monthly token quota must be a whole number from 0 to 1000000000000, or empty for no limit.")]
    public async Task ABadQuotaIsRefusedNextToItsField(string quota, string message)
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var email = Infrastructure.Accounts.NewEmail("quota");
        await admin.AddPersonAsync(email);
        var userId = await app.UserIdAsync(email);

        var page = await admin.SaveUserAsync(userId, "User", quota);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains(message, page.Text("#Input_MonthlyTokenQuota-error"), StringComparison.Ordinal);
        Assert.Contains(message, page.Text("#error-summary"), StringComparison.Ordinal);
        Assert.Null((await app.UserByEmailAsync(email))!.MonthlyTokenQuota);
    }

    [Fact]
    public async Task AQuotaIsSavedAndEmptyMeansUnlimited()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var email = Infrastructure.Accounts.NewEmail("quota-ok");
        await admin.AddPersonAsync(email, "Quinn Quota");
        var userId = await app.UserIdAsync(email);

        var saved = await admin.SaveUserAsync(userId, "User", "50000");
        Assert.Contains("Saved the changes to “Quinn Quota”.", saved.Text("#flash"), StringComparison.Ordinal);
        Assert.Equal(50_000, (await app.UserByEmailAsync(email))!.MonthlyTokenQuota);
        var list = await admin.GetAsync($"/admin/users?q={Uri.EscapeDataString(email)}");
        Assert.Contains("0 of 50,000", list.Text("main table tbody"), StringComparison.Ordinal);

        await admin.SaveUserAsync(userId, "User", "");
        Assert.Null((await app.UserByEmailAsync(email))!.MonthlyTokenQuota);
    }

    [Fact]
    public async Task ChangingTheRoleEndsThePersonsSessions()
    {
        var (admin, user) = await app.AdminAndUserAsync();
        var userId = await app.WithDbAsync(db => db.Users.OrderByDescending(u => u.CreatedAt).Select(u => u.Id).FirstAsync());
        var email = (await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == userId))).Email!;

        var saved = await admin.SaveUserAsync(userId, "Admin", "");

        Assert.Contains("signed out everywhere", saved.Text("#flash"), StringComparison.Ordinal);
        Assert.Equal("/account/login", (await user.GetAsync("/chat")).Url.AbsolutePath);
        await user.LoginAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/admin/users")).Status);

        await admin.SaveUserAsync(userId, "User", "");
        Assert.Equal("/account/login", (await user.GetAsync("/chat")).Url.AbsolutePath);
        await user.LoginAsync(email);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/admin/users")).Status);
    }

    [Fact]
    public async Task ResettingAPasswordShowsTheTemporaryOneOnceAndSignsThePersonOut()
    {
        var (admin, user) = await app.AdminAndUserAsync();
        var userId = await app.WithDbAsync(db => db.Users.OrderByDescending(u => u.CreatedAt).Select(u => u.Id).FirstAsync());
        var email = (await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == userId))).Email!;

        var reset = await admin.ConfirmAsync(userId, "reset-password");

        Assert.Equal($"/admin/users/{userId}/reset-password", reset.Url.AbsolutePath);
        Assert.Empty(reset.Url.Query);
        Assert.Contains("no-store", reset.Header("Cache-Control"), StringComparison.Ordinal);
        var password = reset.Text("main code");
        Assert.Matches("^[a-z2-9]{5}(-[a-z2-9]{5}){3}$", password);
        Assert.DoesNotContain(password, (await admin.GetAsync($"/admin/users/{userId}/reset-password")).Html, StringComparison.Ordinal);
        Assert.DoesNotContain(password, (await admin.GetAsync($"/admin/users/{userId}/edit")).Html, StringComparison.Ordinal);

        Assert.Equal("/account/login", (await user.GetAsync("/chat")).Url.AbsolutePath);
        var old = await user.LoginAsync(email);
        Assert.Equal("/account/login", old.Url.AbsolutePath);
        var signedIn = await user.LoginAsync(email, password);
        Assert.Equal("/profile/password", signedIn.Url.AbsolutePath);
        await user.ChangeTemporaryPasswordAsync(password);
        Assert.Equal("/chat", (await user.GetAsync("/chat")).Url.AbsolutePath);
    }

    [Fact]
    public async Task DeletingAPersonRemovesThemAndTheirChats()
    {
        var (admin, user) = await app.AdminAndUserAsync();
        var userId = await app.WithDbAsync(db => db.Users.OrderByDescending(u => u.CreatedAt).Select(u => u.Id).FirstAsync());
        await app.WithDbAsync(db =>
        {
            db.Conversations.Add(new Conversation { Id = Guid.NewGuid(), OwnerId = userId, Title = "Doomed chat" });
            return db.SaveChangesAsync();
        });

        var confirm = await admin.GetAsync($"/admin/users/{userId}/delete");
        Assert.Contains("1 chat", confirm.Text("main"), StringComparison.Ordinal);
        var done = await admin.SubmitAsync(confirm, "main form[data-confirm]");

        Assert.Equal("/admin/users", done.Url.AbsolutePath);
        Assert.Contains("Deleted “Uma User” and all their data.", done.Text("#flash"), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Id == userId)));
        Assert.False(await app.WithDbAsync(db => db.Conversations.AnyAsync(c => c.OwnerId == userId)));
        Assert.Equal("/account/login", (await user.GetAsync("/chat")).Url.AbsolutePath);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/users/{userId}/edit")).Status);
    }

    [Fact]
    public async Task TheListSearchesByNameOrAddressAndPages()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        await app.WithDbAsync(db =>
        {
            for (var i = 0; i < 30; i++)
            {
                var email = $"listed-{tag}-{i:00}@example.test";
                db.Users.Add(new AppUser
                {
                    UserName = email,
                    NormalizedUserName = email.ToUpperInvariant(),
                    Email = email,
                    NormalizedEmail = email.ToUpperInvariant(),
                    DisplayName = i == 7 ? $"Zelda {tag}" : $"Listed {i:00}",
                    SecurityStamp = Guid.NewGuid().ToString(),
                });
            }
            return db.SaveChangesAsync();
        });

        var first = await admin.GetAsync($"/admin/users?q=listed-{tag}");
        Assert.Equal(25, first.FindAll("main tbody tr").Count());
        Assert.Contains("People (30)", first.Text("caption"), StringComparison.Ordinal);
        var second = await admin.GetAsync(first.Find("nav.pagination a[rel=next]")!.GetAttribute("href")!);
        Assert.Equal(5, second.FindAll("main tbody tr").Count());
        Assert.Equal($"listed-{tag}", second.Find("#q")!.GetAttribute("value"));

        var byName = await admin.GetAsync($"/admin/users?q=zelda+{tag}");
        Assert.Equal($"Zelda {tag}", byName.Text("main tbody th"));
        var none = await admin.GetAsync($"/admin/users?q=nobody-{tag}");
        Assert.Equal("No one matches", none.Text("main .empty-state h2"));
    }
}

using System.Net;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Profile;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.Admin;

/// <summary>Someone must always be able to administer the server: the last active admin stays an active admin.</summary>
public sealed class LastAdminTests
{
    [Fact]
    public async Task TheOnlyActiveAdminCannotBeDemotedDeactivatedOrDeleted()
    {
        await using var app = new AppFactory();
        using var admin = app.CreateHtmlClient();
        await admin.LoginAsync(AppFactory.AdminEmail);
        var adminId = await app.UserIdAsync(AppFactory.AdminEmail);
        // An admin who is deactivated does not count.
        var inactive = Infrastructure.Accounts.NewEmail("inactive-admin");
        await admin.AddPersonAsync(inactive, "Inactive Admin", role: "Admin");
        var inactiveId = await app.UserIdAsync(inactive);
        await admin.ConfirmAsync(inactiveId, "deactivate");

        var demoted = await admin.SaveUserAsync(adminId, "User", "");
        var deactivatePage = await admin.GetAsync($"/admin/users/{adminId}/deactivate");
        var deletePage = await admin.GetAsync($"/admin/users/{adminId}/delete");
        // A form sent anyway (from a page loaded while there was another admin) is refused the same way.
        var deactivated = await admin.PostWithTokenAsync($"/admin/users/{adminId}/deactivate");
        var deleted = await admin.PostWithTokenAsync($"/admin/users/{adminId}/delete");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, demoted.Status);
        Assert.Contains("is the only active admin", demoted.Text("#Input_Role-error"), StringComparison.Ordinal);
        Assert.Contains("cannot be deactivated", deactivatePage.Text("main [role=alert]"), StringComparison.Ordinal);
        Assert.Null(deactivatePage.Find("main form[data-confirm]"));
        Assert.Contains("cannot be deleted", deletePage.Text("main [role=alert]"), StringComparison.Ordinal);
        Assert.Null(deletePage.Find("main form[data-confirm]"));
        Assert.Contains("Nothing changed:", deactivated.Text("#flash .alert--error"), StringComparison.Ordinal);
        Assert.Contains("is the only active admin", deleted.Text("#flash .alert--error"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/users")).Status);
        var stored = await app.UserByEmailAsync(AppFactory.AdminEmail);
        Assert.True(stored!.IsActive);
    }

    [Fact]
    public async Task TwoAdminsDemotingEachOtherAtOnceLeaveOneActiveAdmin()
    {
        await using var app = new AppFactory();
        using var first = app.CreateHtmlClient();
        await first.LoginAsync(AppFactory.AdminEmail);
        var secondEmail = Infrastructure.Accounts.NewEmail("second-admin");
        await first.AddPersonAsync(secondEmail, "Second Admin", role: "Admin", password: "second admin phrase");
        using var second = app.CreateHtmlClient();
        await second.LoginAsync(secondEmail, "second admin phrase");
        await second.ChangeTemporaryPasswordAsync("second admin phrase");
        var (firstId, secondId) = (await app.UserIdAsync(AppFactory.AdminEmail), await app.UserIdAsync(secondEmail));
        var firstForm = await first.GetAsync($"/admin/users/{secondId}/edit");
        var secondForm = await second.GetAsync($"/admin/users/{firstId}/edit");
        var demote = new Dictionary<string, string> { ["Input.Role"] = "User", ["Input.MonthlyTokenQuota"] = "" };

        var pages = await Task.WhenAll(
            first.SubmitAsync(firstForm, "main form.form", demote),
            second.SubmitAsync(secondForm, "main form.form", demote));

        // Whichever came second was refused: by the last-admin check, or (when the first had already ended its
        // sessions by demoting it) at the door.
        Assert.Single(pages, p => p.Status == HttpStatusCode.UnprocessableEntity || p.Url.AbsolutePath == "/account/login");
        var admins = await app.WithDbAsync(db => db.UserRoles
            .Where(r => db.Roles.Any(x => x.Id == r.RoleId && x.Name == "Admin"))
            .Join(db.Users.Where(u => u.IsActive), r => r.UserId, u => u.Id, (r, u) => u.Id)
            .CountAsync());
        Assert.Equal(1, admins);
    }

    [Fact]
    public async Task ManyDemotionsRacingInsideTheAppNeverLeaveNoActiveAdmin()
    {
        // The HTTP test above cannot make both requests pass the session check before either commits; here the two
        // admins' demotions start together in the app's own service, round after round.
        await using var app = new AppFactory();
        _ = app.Server;
        var secondEmail = Infrastructure.Accounts.NewEmail("racing-admin");
        using (var admin = app.CreateHtmlClient())
        {
            await admin.LoginAsync(AppFactory.AdminEmail);
            await admin.AddPersonAsync(secondEmail, "Racing Admin", role: "Admin");
        }
        var (firstId, secondId) = (await app.UserIdAsync(AppFactory.AdminEmail), await app.UserIdAsync(secondEmail));

        for (var round = 0; round < 8; round++)
        {
            await app.WithScopeAsync(s => s.GetRequiredService<LlmPages.Admin.UserAdmin>().ChangeRoleAsync(firstId, "Admin", CancellationToken.None));
            await app.WithScopeAsync(s => s.GetRequiredService<LlmPages.Admin.UserAdmin>().ChangeRoleAsync(secondId, "Admin", CancellationToken.None));
            using var start = new SemaphoreSlim(0, 2);
            Task<LlmPages.Admin.UserAdmin.Outcome> Demote(string id) => Task.Run(() => app.WithScopeAsync(async s =>
            {
                await start.WaitAsync();
                return await s.GetRequiredService<LlmPages.Admin.UserAdmin>().ChangeRoleAsync(id, "User", CancellationToken.None);
            }));
            var demotions = new[] { Demote(firstId), Demote(secondId) };
            start.Release(2);
            var outcomes = await Task.WhenAll(demotions);

            Assert.Equal([LlmPages.Admin.UserAdmin.Outcome.Done, LlmPages.Admin.UserAdmin.Outcome.LastAdmin], outcomes.Order());
            Assert.Equal(1, await ActiveAdminsAsync(app));
        }
    }

    private static Task<int> ActiveAdminsAsync(AppFactory app) =>
        app.WithDbAsync(db => db.UserRoles
            .Where(r => db.Roles.Any(x => x.Id == r.RoleId && x.Name == "Admin"))
            .Join(db.Users.Where(u => u.IsActive), r => r.UserId, u => u.Id, (r, u) => u.Id)
            .CountAsync());

    [Fact]
    public async Task TwoAdminsDeactivatingEachOtherAtOnceLeaveOneActiveAdmin()
    {
        await using var app = new AppFactory();
        using var first = app.CreateHtmlClient();
        await first.LoginAsync(AppFactory.AdminEmail);
        var secondEmail = Infrastructure.Accounts.NewEmail("second-admin");
        await first.AddPersonAsync(secondEmail, "Second Admin", role: "Admin", password: "second admin phrase");
        using var second = app.CreateHtmlClient();
        await second.LoginAsync(secondEmail, "second admin phrase");
        await second.ChangeTemporaryPasswordAsync("second admin phrase");
        var (firstId, secondId) = (await app.UserIdAsync(AppFactory.AdminEmail), await app.UserIdAsync(secondEmail));
        var firstForm = await first.GetAsync($"/admin/users/{secondId}/deactivate");
        var secondForm = await second.GetAsync($"/admin/users/{firstId}/deactivate");

        await Task.WhenAll(
            first.SubmitAsync(firstForm, "main form[data-confirm]"),
            second.SubmitAsync(secondForm, "main form[data-confirm]"));

        var active = await app.WithDbAsync(db => db.Users.Where(u => u.IsActive).Select(u => u.Id).ToListAsync());
        Assert.Single(active, id => id == firstId || id == secondId);
    }
}

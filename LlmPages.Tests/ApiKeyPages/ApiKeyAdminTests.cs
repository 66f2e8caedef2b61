using System.Net;
using LlmPages.Api;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Profile;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.ApiKeyPages;

/// <summary>
/// The admin's side of API keys: every key listed with its owner, searched and revoked; API access turned off for one
/// person or for everyone, which the person's pages say plainly and which stops them making keys; each change audited.
/// </summary>
public sealed class ApiKeyAdminTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<(HtmlClient Client, string Email, string Id)> NewPersonAsync(string name)
    {
        var client = app.CreateHtmlClient();
        var email = Infrastructure.Accounts.NewEmail("keys");
        await client.RegisterAsync(email, name);
        return (client, email, await app.UserIdAsync(email));
    }

    private async Task<HtmlClient> AdminAsync()
    {
        var admin = app.CreateHtmlClient();
        await admin.LoginAsync(AppFactory.AdminEmail);
        return admin;
    }

    private Task<ApiKeys.Authentication> AuthenticateAsync(string key) =>
        app.WithScopeAsync(s => s.GetRequiredService<ApiKeys>().AuthenticateAsync(key, CancellationToken.None));

    [Fact]
    public async Task AnAdminFindsAPersonsKeyWithItsOwnerAndRevokesItAfterAConfirmation()
    {
        var (person, email, personId) = await NewPersonAsync("Keyed Person");
        using var _p = person;
        using var admin = await AdminAsync();
        var name = AdminSteps.Unique("Build server");
        var key = (await person.CreateApiKeyAsync(name)).NewKey();
        var stored = await app.ApiKeyAsync(name);

        var found = await admin.GetAsync("/admin/api-keys?q=" + Uri.EscapeDataString(email));
        var row = found.FindAll("tbody tr").Single();
        Assert.Contains("Keyed Person", row.TextContent, StringComparison.Ordinal);
        Assert.Contains(email, row.TextContent, StringComparison.Ordinal);
        Assert.Contains(name, row.TextContent, StringComparison.Ordinal);
        Assert.Contains(stored.Prefix + "…", row.TextContent, StringComparison.Ordinal);
        Assert.Single((await admin.GetAsync("/admin/api-keys?q=" + Uri.EscapeDataString(name.ToUpperInvariant()))).FindAll("tbody tr"));
        Assert.Contains("No key matches", (await admin.GetAsync("/admin/api-keys?q=nothing-like-this")).Text(".empty-state"), StringComparison.Ordinal);

        var revoked = await admin.RevokeThroughConfirmationAsync("/admin/api-keys?q=" + Uri.EscapeDataString(email), stored.Id);

        Assert.Equal("/admin/api-keys", revoked.Url.AbsolutePath);
        Assert.Contains($"Revoked the key “{name}” of Keyed Person", revoked.Text("#flash"), StringComparison.Ordinal);
        Assert.Equal(ApiKeys.Refusal.Revoked, (await AuthenticateAsync(key)).Refusal);
        Assert.Contains("Revoked", (await person.GetAsync("/profile/api-keys")).FindAll("tbody tr").Single().TextContent, StringComparison.Ordinal);
        var adminId = await app.UserIdAsync(AppFactory.AdminEmail);
        var revoke = (await app.AuditRowsAsync(stored.Id.ToString())).Single(a => a.Action == "api-key.revoke");
        Assert.Equal(adminId, revoke.ActorId);
        Assert.Contains(stored.Prefix, revoke.Details, StringComparison.Ordinal);
        Assert.Contains(personId, revoke.Details, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/api-keys/{Guid.NewGuid()}/revoke")).Status);
    }

    [Fact]
    public async Task APersonWhoseAccessIsOffIsToldSoAndCannotMakeAKeyUntilItIsOnAgain()
    {
        var (person, _, personId) = await NewPersonAsync("Paused Person");
        using var _p = person;
        using var admin = await AdminAsync();
        var name = AdminSteps.Unique("Before");
        var key = (await person.CreateApiKeyAsync(name)).NewKey();
        var form = await person.GetAsync("/profile/api-keys/new"); // opened before access is turned off

        var edit = await admin.GetAsync($"/admin/users/{personId}/edit");
        var off = await admin.SubmitAsync(edit, "form[action*='handler=ApiAccess']");

        Assert.Contains("API access is off for “Paused Person”", off.Text("#flash"), StringComparison.Ordinal);
        Assert.Contains("Turn API access on", off.Text("form[action*='handler=ApiAccess'] button"), StringComparison.Ordinal);
        Assert.Equal(ApiKeys.Refusal.AccessDisabled, (await AuthenticateAsync(key)).Refusal);
        var list = await person.GetAsync("/profile/api-keys");
        Assert.Contains("turned API access off for your account", list.Text(".alert--warning"), StringComparison.Ordinal);
        Assert.Null(list.Find("a[href='/profile/api-keys/new']"));
        Assert.Null((await person.GetAsync("/profile/api-keys/new")).Find("main form.form"));
        var refused = await person.SubmitAsync(form, "main form.form", new Dictionary<string, string> { ["Input.Name"] = "After" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Contains("turned API access off for your account", refused.Text("#error-summary"), StringComparison.Ordinal);
        Assert.Null(refused.Find("#new-key"));
        Assert.Equal(1, await app.WithDbAsync(db => db.ApiKeys.CountAsync(k => k.UserId == personId)));

        var on = await admin.SubmitAsync(await admin.GetAsync($"/admin/users/{personId}/edit"), "form[action*='handler=ApiAccess']");
        Assert.Contains("API access is on for “Paused Person”", on.Text("#flash"), StringComparison.Ordinal);
        Assert.Equal(ApiKeys.Refusal.None, (await AuthenticateAsync(key)).Refusal);
        Assert.Matches("^llmp_[A-Za-z0-9]{40}$", (await person.CreateApiKeyAsync(AdminSteps.Unique("After"))).NewKey());
        var audit = await app.AuditRowsAsync(personId);
        Assert.Equal(["api-access=off", "api-access=on"], audit.Where(a => a.Action == "user.set-api-access").Select(a => a.Details));
    }

    [Fact]
    public async Task AccessOffForEveryoneRefusesEveryKeyAndEveryNewKeyUntilItIsOnAgain()
    {
        var (person, _, _) = await NewPersonAsync("Everyone Person");
        using var _p = person;
        using var admin = await AdminAsync();
        Assert.NotNull((await person.CreateApiKeyAsync(AdminSteps.Unique("Everyone"))).Find("#new-key"));
        var settings = await admin.GetAsync("/admin/api-keys");
        Assert.Equal("on", settings.Find("input[name=Access]:checked")!.GetAttribute("value"));

        var off = await admin.SubmitAsync(settings, "form[action*='handler=Access']", new Dictionary<string, string> { ["Access"] = "off" });
        try
        {
            Assert.Contains("API access is off for everyone", off.Text("#flash"), StringComparison.Ordinal);
            Assert.Equal("off", off.Find("input[name=Access]:checked")!.GetAttribute("value"));
            Assert.False(await app.WithScopeAsync(s => s.GetRequiredService<ApiAccessSettings>().IsOnAsync(CancellationToken.None))); // which the Bearer scheme reads
            Assert.Contains("turned API access off for everyone", (await person.GetAsync("/profile/api-keys")).Text(".alert--warning"), StringComparison.Ordinal);
            var refused = await person.PostAsync("/profile/api-keys/new", new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = (await person.GetAsync("/profile/api-keys")).Find("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
                ["Input.Name"] = "Refused",
            });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
            Assert.Contains("turned API access off for everyone", refused.Text("#error-summary"), StringComparison.Ordinal);
            var bad = await admin.SubmitAsync(off, "form[action*='handler=Access']", new Dictionary<string, string> { ["Access"] = "maybe" });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.Status);
            Assert.Contains("Choose whether API access is on or off", bad.Text("#Access-error"), StringComparison.Ordinal);
        }
        finally
        {
            await admin.SubmitAsync(await admin.GetAsync("/admin/api-keys"), "form[action*='handler=Access']", new Dictionary<string, string> { ["Access"] = "on" });
        }
        Assert.Equal(["api-access=off", "api-access=on"], (await app.WithDbAsync(db => db.AuditEvents.AsNoTracking()
            .Where(e => e.Action == "api-access.set").OrderBy(e => e.Id).Select(e => e.Details).ToListAsync())).TakeLast(2));
    }
}

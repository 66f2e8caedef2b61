using System.Net;
using System.Text.RegularExpressions;
using LlmPages.Api;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Profile;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.ApiKeyPages;

/// <summary>
/// The profile's key pages without JavaScript: a key is shown in full once, in the answer that made it, and never
/// again (pages, admin pages, audit, logs); the owner and admins revoke it after a confirmation; another person's key
/// is 404; the form's mistakes are explained next to the fields.
/// </summary>
public sealed class ApiKeyPagesTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<(HtmlClient Client, string Email, string Id)> NewPersonAsync(string name = "Kay Holder")
    {
        var client = app.CreateHtmlClient();
        var email = Infrastructure.Accounts.NewEmail("keys");
        await client.RegisterAsync(email, name);
        return (client, email, await app.UserIdAsync(email));
    }

    private async Task<ApiKeys.Refusal> RefusalAsync(string fullKey) =>
        (await app.WithScopeAsync(services => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<ApiKeys>(services).AuthenticateAsync(fullKey, CancellationToken.None))).Refusal;

    [Fact]
    public async Task APersonWithoutKeysIsToldWhatAKeyIsForAndTheBaseUrlToUse()
    {
        var (client, _, _) = await NewPersonAsync();
        using var _c = client;

        var profile = await client.GetAsync("/profile");
        var page = await client.GetAsync(profile.Find("a[href='/profile/api-keys']")!.GetAttribute("href")!);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("You have no API keys", page.Text(".empty-state"), StringComparison.Ordinal);
        Assert.Contains("http://localhost/v1", page.Text(".empty-state"), StringComparison.Ordinal);
        Assert.NotNull(page.Find("a[href='/profile/api-keys/new']"));
    }

    [Fact]
    public async Task ANewKeyIsShownInFullOnceAndNeverAgainInAnyPageOrLog()
    {
        var (client, email, _) = await NewPersonAsync();
        using var _c = client;
        var name = AdminSteps.Unique("Laptop");

        var created = await client.CreateApiKeyAsync(name);

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Contains("no-store", created.Header("Cache-Control"), StringComparison.Ordinal);
        var key = created.NewKey();
        Assert.Matches("^llmp_[A-Za-z0-9]{40}$", key);
        Assert.Contains("it is not shown again", created.Text("[role=status] .alert__title"), StringComparison.Ordinal);
        Assert.Equal(ApiKeys.Refusal.None, await RefusalAsync(key));
        var secret = key[ApiKeys.PrefixLength..];

        var list = await client.GetAsync("/profile/api-keys");
        var row = list.FindAll("tbody tr").Single();
        Assert.Equal(name, row.QuerySelector("th")!.TextContent.Trim());
        Assert.Contains(key[..ApiKeys.PrefixLength] + "…", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Active", row.TextContent, StringComparison.Ordinal);
        var stored = await app.ApiKeyAsync(name);
        using var admin = app.CreateHtmlClient();
        await admin.LoginAsync(AppFactory.AdminEmail);
        var later = new List<HtmlPage>
        {
            list, await client.GetAsync("/profile/api-keys/new"), await client.GetAsync($"/profile/api-keys/{stored.Id}/revoke"),
            await client.GetAsync("/profile"), await admin.GetAsync("/admin/api-keys"), await admin.GetAsync("/admin/api-keys?q=" + Uri.EscapeDataString(email)),
            await admin.GetAsync($"/admin/api-keys/{stored.Id}/revoke"), await admin.GetAsync("/admin/audit"), await admin.GetAsync("/admin/audit?action=api-key"),
        };
        foreach (var page in later)
        {
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.DoesNotContain(secret, page.Html, StringComparison.Ordinal);
        }
        Assert.Contains(later[5].FindAll("tbody tr"), r => r.TextContent.Contains(name, StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs, line => line.Contains(secret, StringComparison.Ordinal));
        Assert.Contains(app.Logs, line => line.Contains(stored.Prefix, StringComparison.Ordinal)); // the logs do name the key, by its prefix
    }

    [Fact]
    public async Task TheOwnerRevokesAKeyAfterAConfirmationPageAndItIsRefusedAtOnce()
    {
        var (client, _, ownerId) = await NewPersonAsync();
        using var _c = client;
        var name = AdminSteps.Unique("Script");
        var key = (await client.CreateApiKeyAsync(name)).NewKey();
        var stored = await app.ApiKeyAsync(name);

        var list = await client.GetAsync("/profile/api-keys");
        var confirm = await client.SubmitAsync(list, $"form[action$='/{stored.Id}/revoke']"); // no dialog: the page asks
        Assert.Equal($"/profile/api-keys/{stored.Id}/revoke", confirm.Url.AbsolutePath);
        Assert.Equal(ApiKeys.Refusal.None, await RefusalAsync(key));
        var revoked = await client.SubmitAsync(confirm, "main form[data-confirm]");

        Assert.Equal("/profile/api-keys", revoked.Url.AbsolutePath);
        Assert.Contains($"Revoked the key “{name}”", revoked.Text("#flash"), StringComparison.Ordinal);
        Assert.Contains("Revoked", revoked.FindAll("tbody tr").Single().TextContent, StringComparison.Ordinal);
        Assert.Null(revoked.Find("tbody form"));
        Assert.Equal(ApiKeys.Refusal.Revoked, await RefusalAsync(key));
        var audit = await app.AuditRowsAsync(stored.Id.ToString());
        Assert.Equal(["api-key.create", "api-key.revoke"], audit.Select(a => a.Action));
        Assert.All(audit, a =>
        {
            Assert.Equal(ownerId, a.ActorId);
            Assert.Equal("ApiKey", a.TargetType);
            Assert.Contains(name, a.Details, StringComparison.Ordinal);
            Assert.Contains(stored.Prefix, a.Details, StringComparison.Ordinal);
            Assert.DoesNotContain(key[ApiKeys.PrefixLength..], a.Details, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task TheListsButtonRevokesAtOnceWhenTheDialogHasAsked()
    {
        var (client, _, _) = await NewPersonAsync();
        using var _c = client;
        var name = AdminSteps.Unique("Dialog");
        var key = (await client.CreateApiKeyAsync(name)).NewKey();
        var stored = await app.ApiKeyAsync(name);

        var list = await client.GetAsync("/profile/api-keys");
        Assert.Equal("confirmed", list.Find($"form[action$='/{stored.Id}/revoke']")!.GetAttribute("data-confirm-field"));
        var revoked = await client.SubmitAsync(list, $"form[action$='/{stored.Id}/revoke']", new Dictionary<string, string> { ["confirmed"] = "true" });

        Assert.Equal("/profile/api-keys", revoked.Url.AbsolutePath);
        Assert.Equal(ApiKeys.Refusal.Revoked, await RefusalAsync(key));
    }

    [Fact]
    public async Task AnotherPersonsKeyIsNotFoundAndStaysActive()
    {
        var (owner, _, _) = await NewPersonAsync("Owner");
        var (stranger, _, _) = await NewPersonAsync("Stranger");
        using var _o = owner;
        using var _s = stranger;
        var name = AdminSteps.Unique("Private");
        var key = (await owner.CreateApiKeyAsync(name)).NewKey();
        var stored = await app.ApiKeyAsync(name);
        var token = (await stranger.GetAsync("/profile/api-keys/new")).Find("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var shown = await stranger.GetAsync($"/profile/api-keys/{stored.Id}/revoke");
        var posted = await stranger.PostAsync($"/profile/api-keys/{stored.Id}/revoke",
            new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["confirmed"] = "true" });

        Assert.Equal(HttpStatusCode.NotFound, shown.Status);
        Assert.Equal(HttpStatusCode.NotFound, posted.Status);
        Assert.Equal(ApiKeys.Refusal.None, await RefusalAsync(key));
        Assert.Empty((await stranger.GetAsync("/profile/api-keys")).FindAll("tbody tr"));
    }

    [Theory]
    [InlineData("", "", "Input_Name", "Enter a name for the key")]
    [InlineData("   ", "", "Input_Name", "Enter a name for the key")]
    [InlineData("x101", "", "Input_Name", "at most 100 characters")]
    [InlineData("Fine name", "next friday", "Input_ExpiresOn", "Enter the last day as a date")]
    [InlineData("Fine name", "2001-01-01", "Input_ExpiresOn", "The last day has passed")]
    [InlineData("Fine name", "+400", "Input_ExpiresOn", "A key can last at most a year")]
    public async Task AMistakeIsExplainedNextToItsFieldAndWhatWasTypedIsKept(string name, string expiresOn, string field, string message)
    {
        var (client, _, userId) = await NewPersonAsync();
        using var _c = client;
        name = name == "x101" ? new string('x', 101) : name;
        expiresOn = expiresOn == "+400" ? DateTime.UtcNow.AddDays(400).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : expiresOn;

        var page = await client.CreateApiKeyAsync(name, expiresOn);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains(message, page.Text($"#{field}-error"), StringComparison.Ordinal);
        Assert.Contains(message, page.Text("#error-summary"), StringComparison.Ordinal);
        Assert.Equal("true", page.Find($"#{field}")!.GetAttribute("aria-invalid"));
        Assert.Equal(name, page.Find("#Input_Name")!.GetAttribute("value"));
        Assert.Equal(expiresOn, page.Find("#Input_ExpiresOn")!.GetAttribute("value") ?? "");
        Assert.Null(page.Find("#new-key"));
        Assert.Equal(0, await app.WithDbAsync(db => db.ApiKeys.CountAsync(k => k.UserId == userId)));
    }

    [Fact]
    public async Task AKeyWithALastDayExpiresAfterItAndShowsAsExpired()
    {
        var (client, _, _) = await NewPersonAsync();
        using var _c = client;
        var name = AdminSteps.Unique("Short-lived");
        var lastDay = DateTime.UtcNow.AddDays(30).Date;

        var key = (await client.CreateApiKeyAsync(name, lastDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))).NewKey();

        var stored = await app.ApiKeyAsync(name);
        Assert.Equal(lastDay.AddDays(1), stored.ExpiresAt); // the end of that day (the tests' zone is UTC)
        Assert.Contains(lastDay.AddDays(1).ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture),
            (await client.GetAsync("/profile/api-keys")).FindAll("tbody tr").Single().TextContent, StringComparison.Ordinal);
        await app.WithDbAsync(db => db.ApiKeys.Where(k => k.Id == stored.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.ExpiresAt, DateTime.UtcNow.AddMinutes(-1))));
        Assert.Contains("Expired", (await client.GetAsync("/profile/api-keys")).FindAll("tbody tr").Single().TextContent, StringComparison.Ordinal);
        Assert.Equal(ApiKeys.Refusal.Expired, await RefusalAsync(key));
    }
}

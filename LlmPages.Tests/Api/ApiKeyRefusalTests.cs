using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using LlmPages.Api;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Profile;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.Api;

/// <summary>
/// The API's door, over real HTTP: only a Bearer key opens it (a signed-in cookie does not), and a revoked or expired
/// key, a deactivated person, API access turned off for the person or for everyone are refused at once, each in
/// OpenAI's error shape with its status. Wrong keys are limited per address, and no key reaches the logs.
/// </summary>
public sealed class ApiKeyRefusalTests
{
    private static async Task<(AppFactory App, HtmlClient Admin, string UserId, string Email)> StartAsync(int wrongKeysAllowed = 100_000)
    {
        var app = new AppFactory();
        app.Settings["LlmPages:Web:AuthAttemptsPerWindow"] = wrongKeysAllowed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["LlmPages:Web:AuthWindow"] = "01:00:00";
        var admin = app.CreateHtmlClient();
        await admin.LoginAsync(AppFactory.AdminEmail);
        var email = Infrastructure.Accounts.NewEmail("api-door");
        using (var person = app.CreateHtmlClient())
        {
            await person.RegisterAsync(email, "Door Person");
        }
        return (app, admin, await app.UserIdAsync(email), email);
    }

    private static async Task<string> NewKeyAsync(AppFactory app, string userId, DateTime? expiresAt = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var (_, full) = await scope.ServiceProvider.GetRequiredService<ApiKeys>().CreateAsync(userId, "Door key", expiresAt, CancellationToken.None);
        return full;
    }

    private static async Task<(HttpStatusCode Status, string? Code, HttpResponseMessage Response)> ModelsAsync(HttpClient http, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        var response = await http.SendAsync(request);
        string? code = null;
        if (!response.IsSuccessStatusCode)
        {
            Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var error = json.RootElement.GetProperty("error");
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("type").GetString()));
            code = error.GetProperty("code").GetString();
        }
        return (response.StatusCode, code, response);
    }

    [Fact]
    public async Task OnlyABearerKeyOpensTheApiNotASignedInCookie()
    {
        var (app, admin, userId, _) = await StartAsync();
        await using var _app = app;
        using var _admin = admin;
        using var anonymous = app.CreateClient();

        var (status, code, response) = await ModelsAsync(anonymous, null);
        Assert.Equal((HttpStatusCode.Unauthorized, "missing_api_key"), (status, code));
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());

        // The admin's session cookie rides along on this client; it is not a key.
        Assert.Equal(HttpStatusCode.Unauthorized, (await ModelsAsync(admin.Http, null)).Status);
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_api_key"), Short(await ModelsAsync(anonymous, "llmp_" + new string('x', 40))));
        Assert.Equal(HttpStatusCode.OK, (await ModelsAsync(anonymous, await NewKeyAsync(app, userId))).Status);
    }

    [Fact]
    public async Task RevokedExpiredAndDeactivatedKeysAreRefusedAtOnce()
    {
        var (app, admin, userId, _) = await StartAsync();
        await using var _app = app;
        using var _admin = admin;
        using var http = app.CreateClient();
        var key = await NewKeyAsync(app, userId);
        var other = await NewKeyAsync(app, userId);
        var expiring = await NewKeyAsync(app, userId, DateTime.UtcNow.AddDays(1));
        Assert.Equal(HttpStatusCode.OK, (await ModelsAsync(http, key)).Status);
        Assert.Equal(HttpStatusCode.OK, (await ModelsAsync(http, expiring)).Status);

        var keyId = await app.WithDbAsync(db => db.ApiKeys.Where(k => k.Prefix == key.Substring(0, ApiKeys.PrefixLength)).Select(k => k.Id).SingleAsync());
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<ApiKeys>().RevokeAsync(keyId, userId, CancellationToken.None));
        }
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_api_key"), Short(await ModelsAsync(http, key)));

        await app.WithDbAsync(db => db.ApiKeys.Where(k => k.Prefix == expiring.Substring(0, ApiKeys.PrefixLength))
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.ExpiresAt, DateTime.UtcNow.AddSeconds(-1))));
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_api_key"), Short(await ModelsAsync(http, expiring)));

        Assert.Equal(HttpStatusCode.OK, (await ModelsAsync(http, other)).Status);
        await admin.ConfirmAsync(userId, "deactivate");
        Assert.Equal((HttpStatusCode.Unauthorized, "account_deactivated"), Short(await ModelsAsync(http, other)));
    }

    [Fact]
    public async Task ApiAccessTurnedOffForThePersonOrForEveryoneIsForbidden()
    {
        var (app, admin, userId, _) = await StartAsync();
        await using var _app = app;
        using var _admin = admin;
        using var http = app.CreateClient();
        var key = await NewKeyAsync(app, userId);

        await app.WithDbAsync(db => db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.ApiAccessDisabled, true)));
        Assert.Equal((HttpStatusCode.Forbidden, "api_access_disabled"), Short(await ModelsAsync(http, key)));
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.ApiAccessDisabled, false)));
        Assert.Equal(HttpStatusCode.OK, (await ModelsAsync(http, key)).Status);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ApiAccessSettings>().SetAsync(false, CancellationToken.None);
        }
        Assert.Equal((HttpStatusCode.Forbidden, "api_access_disabled"), Short(await ModelsAsync(http, key)));
    }

    [Fact]
    public async Task AnAddressThatSendsTooManyWrongKeysIsRefusedEvenWithTheRightOne()
    {
        var (app, admin, userId, _) = await StartAsync(wrongKeysAllowed: 3);
        await using var _app = app;
        using var _admin = admin;
        using var http = app.CreateClient();
        var key = await NewKeyAsync(app, userId);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await ModelsAsync(http, key[..^1] + (key[^1] == 'A' ? 'B' : 'A'))).Status);
        }
        var (status, code, response) = await ModelsAsync(http, key);

        Assert.Equal((HttpStatusCode.TooManyRequests, "rate_limit_exceeded"), (status, code));
        Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task NoKeyRightOrWrongReachesTheLogs()
    {
        var (app, admin, userId, _) = await StartAsync();
        await using var _app = app;
        using var _admin = admin;
        using var http = app.CreateClient();
        var key = await NewKeyAsync(app, userId);
        var wrong = key[..^4] + "zzzz";

        await ModelsAsync(http, key);
        await ModelsAsync(http, wrong);
        await ModelsAsync(http, "not-a-key-but-a-secret-all-the-same");

        var secret = key[ApiKeys.PrefixLength..];
        Assert.DoesNotContain(app.Logs, line => line.Contains(secret, StringComparison.Ordinal) || line.Contains("zzzz", StringComparison.Ordinal)
            || line.Contains("not-a-key-but-a-secret", StringComparison.Ordinal));
        var monitored = await app.WithDbAsync(db => db.MonitoringLogs.AsNoTracking().Select(l => l.Message + " " + l.Exception).ToListAsync());
        Assert.DoesNotContain(monitored, line => line.Contains(secret, StringComparison.Ordinal));
    }

    private static (HttpStatusCode, string?) Short((HttpStatusCode Status, string? Code, HttpResponseMessage Response) result) => (result.Status, result.Code);
}

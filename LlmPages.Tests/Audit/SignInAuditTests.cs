using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Audit;

/// <summary>
/// Sign-ins, refused sign-ins and sign-outs are audited with the address they came from, never with the password. Over
/// real Kestrel (the test server has no peer address), as behind a proxy on the same machine that names the client.
/// </summary>
public sealed class SignInAuditTests(SignInAuditTests.RealServer app) : IClassFixture<SignInAuditTests.RealServer>
{
    private const string ClientAddress = "203.0.113.7";

    public sealed class RealServer : AppFactory
    {
        public RealServer()
        {
            Settings["LlmPages:Web:TrustForwardedHeaders"] = "true";
            UseKestrel(0);
            StartServer();
        }

        public HtmlClient Client()
        {
            var client = CreateHtmlClient(ServerAddress);
            client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", ClientAddress);
            return client;
        }
    }

    private Task<List<AuditEvent>> RowsAsync(string action, Func<AuditEvent, bool> which) =>
        app.WithDbAsync(async db => (await db.AuditEvents.AsNoTracking().Where(e => e.Action == action).OrderBy(e => e.Id).ToListAsync()).Where(which).ToList());

    private Task<string> UserIdAsync(string email) =>
        app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    [Fact]
    public async Task ASignInIsAuditedWithThePersonAndTheirAddress()
    {
        var email = Infrastructure.Accounts.NewEmail();
        using (var registering = app.Client())
        {
            await registering.RegisterAsync(email);
        }
        var id = await UserIdAsync(email);
        using var client = app.Client();

        await client.LoginAsync(email);

        var row = Assert.Single(await RowsAsync("sign-in", r => r.TargetId == id));
        Assert.Equal(id, row.ActorId);
        Assert.Equal(nameof(AppUser), row.TargetType);
        Assert.Equal(ClientAddress, row.IpAddress);
    }

    [Fact]
    public async Task AWrongPasswordIsAuditedAsAFailedSignInOfThatAccountWithoutThePassword()
    {
        var email = Infrastructure.Accounts.NewEmail();
        using var client = app.Client();
        await client.RegisterAsync(email);
        await client.LogoutAsync();
        var id = await UserIdAsync(email);

        await client.LoginAsync(email, "not-the-password-xyzzy");

        var row = Assert.Single(await RowsAsync("sign-in.failed", r => r.TargetId == id));
        Assert.Equal($"E-mail address: {email}. Wrong password.", row.Details);
        Assert.Equal(ClientAddress, row.IpAddress);
        Assert.DoesNotContain(await app.AllAuditRowsAsync(), r => (r.Details ?? "").Contains("xyzzy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAddressWithoutAnAccountIsAuditedWithTheAddressTyped()
    {
        var email = Infrastructure.Accounts.NewEmail("nobody");
        using var client = app.Client();

        await client.LoginAsync(email, "whatever-password");

        var row = Assert.Single(await RowsAsync("sign-in.failed", r => (r.Details ?? "").Contains(email, StringComparison.Ordinal)));
        Assert.Null(row.ActorId);
        Assert.Null(row.TargetId);
        Assert.Equal($"E-mail address: {email}. No account has this address.", row.Details);
        Assert.Equal(ClientAddress, row.IpAddress);
    }

    [Fact]
    public async Task ASignOutIsAudited()
    {
        var email = Infrastructure.Accounts.NewEmail();
        using var client = app.Client();
        await client.RegisterAsync(email);
        var id = await UserIdAsync(email);

        await client.LogoutAsync();

        var row = Assert.Single(await RowsAsync("sign-out", r => r.ActorId == id));
        Assert.Equal(id, row.TargetId);
    }
}

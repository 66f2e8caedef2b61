using System.Net;
using System.Security.Cryptography.X509Certificates;
using LlmPages.Llm;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LlmPages.Tests.Data;

/// <summary>
/// The Data Protection key ring (it encrypts sessions, antiforgery tokens and provider API keys): in the data folder on
/// SQLite; on PostgreSQL in the database, so that every instance reads the same keys, and encrypted there with a
/// certificate, so that a copy of the database alone reveals no provider's API key.
/// </summary>
public sealed class KeyRingTests
{
    private const string CertificatePath = "LlmPages:DataProtection:CertificatePath";
    private const string CertificatePassword = "LlmPages:DataProtection:CertificatePassword";

    [SqliteFact]
    public async Task OnSqliteTheKeysStayInTheDataFolder()
    {
        using var app = new AppFactory();
        using var admin = app.CreateHtmlClient();
        await admin.LoginAsync(AppFactory.AdminEmail);

        Assert.NotEmpty(Directory.GetFiles(Path.Combine(app.DataFolder, "keys"), "key-*.xml"));
        Assert.Equal(0, await app.WithDbAsync(db => db.DataProtectionKeys.CountAsync()));
    }

    [PostgresFact]
    public async Task OnPostgresTheKeysAreInTheDatabaseEncryptedWithTheCertificateAndNotInTheDataFolder()
    {
        using var app = new AppFactory();
        using var admin = app.CreateHtmlClient();
        await admin.LoginAsync(AppFactory.AdminEmail);

        var keys = await app.WithDbAsync(db => db.DataProtectionKeys.AsNoTracking().ToListAsync());
        Assert.NotEmpty(keys);
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(TestCertificates.Shared.Path, TestCertificates.Shared.Password);
        Assert.All(keys, key =>
        {
            Assert.DoesNotContain("<masterKey", key.Xml, StringComparison.Ordinal);
            Assert.Contains("EncryptedData", key.Xml, StringComparison.Ordinal);
            // Encrypted to that certificate: it is named in the key's XML.
            Assert.Contains(Convert.ToBase64String(certificate.RawData), key.Xml, StringComparison.Ordinal);
        });
        Assert.False(Directory.Exists(Path.Combine(app.DataFolder, "keys")));
    }

    [PostgresFact]
    public async Task ASessionStartedOnOneInstanceIsAcceptedByAnotherOnTheSameDatabase()
    {
        using var first = new AppFactory();
        using var second = first.AnotherInstance();
        var cookies = new CookieContainer();
        using var onFirst = first.CreateHtmlClient(cookies);
        using var onSecond = second.CreateHtmlClient(cookies);
        await onFirst.LoginAsync(AppFactory.AdminEmail);

        var chats = await onSecond.GetAsync("/chat");
        Assert.Equal("/chat", chats.Url.AbsolutePath);

        // A form from the first instance (its antiforgery token) is accepted by the second, which ends the session on both.
        var home = await onFirst.GetAsync("/");
        var loggedOut = await onSecond.SubmitAsync(home, "form[action='/account/logout']");
        Assert.Equal(HttpStatusCode.OK, loggedOut.Status);
        Assert.Equal("/account/login", (await onFirst.GetAsync("/chat")).Url.AbsolutePath);
    }

    [PostgresFact]
    public async Task AProviderKeySavedThroughOneInstanceIsReadByAnother()
    {
        using var first = new AppFactory();
        using var second = first.AnotherInstance();
        using var admin = first.CreateHtmlClient();
        await admin.LoginAsync(AppFactory.AdminEmail);
        var name = AdminSteps.Unique("Shared");

        await admin.CreateProviderAsync(name, apiKey: "sk-shared-between-instances-0042");

        var stored = await second.ProviderAsync(name);
        Assert.Equal("sk-shared-between-instances-0042", second.Services.GetRequiredService<ProviderSecrets>().Unprotect(stored.ProtectedApiKey));
    }

    [PostgresFact]
    public async Task AfterMovingToANewCertificateTheKeysOfThePreviousOneAreReadAndEncryptedAgainWithTheNewOne()
    {
        using var first = new AppFactory();
        var cookies = new CookieContainer();
        using var onFirst = first.CreateHtmlClient(cookies);
        await onFirst.LoginAsync(AppFactory.AdminEmail);
        var newer = TestCertificates.Create("newer");

        // Only the new certificate: the keys protected with the old one cannot be read, so the session is not recognised.
        using var tooEarly = WithCertificate(first.AnotherInstance(), newer);
        using var onTooEarly = tooEarly.CreateHtmlClient(cookies);
        Assert.Equal("/account/login", (await onTooEarly.GetAsync("/chat")).Url.AbsolutePath);

        // The new certificate, and the old one as a previous one: the session is recognised, and at its start the
        // instance encrypted every key again with the new certificate.
        using var moving = WithCertificate(first.AnotherInstance(), newer);
        moving.Settings["LlmPages:DataProtection:PreviousCertificates:0:Path"] = TestCertificates.Shared.Path;
        moving.Settings["LlmPages:DataProtection:PreviousCertificates:0:Password"] = TestCertificates.Shared.Password;
        using var onMoving = moving.CreateHtmlClient(cookies);
        Assert.Equal("/chat", (await onMoving.GetAsync("/chat")).Url.AbsolutePath);
        using var newCertificate = X509CertificateLoader.LoadPkcs12FromFile(newer.Path, newer.Password);
        Assert.All(await first.WithDbAsync(db => db.DataProtectionKeys.AsNoTracking().ToListAsync()), key =>
            Assert.Contains(Convert.ToBase64String(newCertificate.RawData), key.Xml, StringComparison.Ordinal));

        // So from then on the new certificate alone is enough.
        using var afterwards = WithCertificate(first.AnotherInstance(), newer);
        using var onAfterwards = afterwards.CreateHtmlClient(cookies);
        Assert.Equal("/chat", (await onAfterwards.GetAsync("/chat")).Url.AbsolutePath);
    }

    private static AppFactory WithCertificate(AppFactory app, TestCertificate certificate)
    {
        app.Settings[CertificatePath] = certificate.Path;
        app.Settings[CertificatePassword] = certificate.Password;
        return app;
    }

    [Theory]
    [InlineData("none", "must name a certificate")]
    [InlineData("missing file", "which does not exist")]
    [InlineData("wrong password", "cannot be opened with LlmPages:DataProtection:CertificatePassword")]
    [InlineData("no private key", "without its private key")]
    [InlineData("not RSA", "is not RSA")]
    public async Task OnPostgresACertificateThatCannotProtectTheKeysStopsStartUpWithAMessageNamingTheSetting(string problem, string reason)
    {
        var certificate = problem switch
        {
            "no private key" => TestCertificates.Create("public-only", withPrivateKey: false),
            "not RSA" => TestCertificates.Create("ecdsa", rsa: false),
            _ => TestCertificates.Create("good"),
        };
        var settings = new Dictionary<string, string?>
        {
            ["LlmPages:Database:Provider"] = "Postgres",
            ["LlmPages:Database:ConnectionString"] = "Host=127.0.0.1;Database=never_reached",
            [CertificatePath] = problem switch
            {
                "none" => "",
                "missing file" => certificate.Path + ".missing",
                _ => certificate.Path,
            },
            [CertificatePassword] = problem == "wrong password" ? "not the password" : certificate.Password,
        };
        await using var host = TestDataHost.Create(settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.Host.StartAsync());

        Assert.Contains(CertificatePath, error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(certificate.Password, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnPostgresWithoutAUsableCertificateDataProtectionRefusesToWorkRatherThanKeepKeysUnprotected()
    {
        await using var host = TestDataHost.Create(new()
        {
            ["LlmPages:Database:Provider"] = "Postgres",
            ["LlmPages:Database:ConnectionString"] = "Host=127.0.0.1;Database=never_reached",
            [CertificatePath] = "",
        });

        var error = Assert.Throws<OptionsValidationException>(() => host.Host.Services.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector("test").Protect("a provider's API key"));

        Assert.Contains(CertificatePath, error.Message, StringComparison.Ordinal);
    }
}

using LlmPages.Api;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Profile;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.Api;

/// <summary>
/// API keys as stored and checked, on the app's real database: only a hash is kept, the prefix finds the key, and a
/// revoked or expired key, a deactivated owner and an owner whose API access is off are refused, each for its reason.
/// </summary>
public sealed class ApiKeysTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<T> WithKeysAsync<T>(Func<ApiKeys, Task<T>> use)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<ApiKeys>());
    }

    private async Task<string> NewPersonAsync(string name)
    {
        using var client = app.CreateHtmlClient();
        var email = Infrastructure.Accounts.NewEmail("api-keys");
        await client.RegisterAsync(email, name);
        return await app.UserIdAsync(email);
    }

    [Fact]
    public async Task AKeyIsStoredAsItsHashAndPrefixOnlyAndIsFoundAgainByItself()
    {
        var owner = await NewPersonAsync("Key Owner");

        var (key, full) = await WithKeysAsync(k => k.CreateAsync(owner, "  Laptop  ", null, CancellationToken.None));

        Assert.Matches("^llmp_[A-Za-z0-9]{40}$", full);
        var stored = await app.WithDbAsync(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == key.Id));
        Assert.Equal("Laptop", stored.Name);
        Assert.Equal(full[..ApiKeys.PrefixLength], stored.Prefix);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(full))), stored.KeyHash);
        Assert.DoesNotContain(full[ApiKeys.PrefixLength..], stored.KeyHash + stored.Prefix + stored.Name, StringComparison.Ordinal);

        var found = await WithKeysAsync(k => k.AuthenticateAsync(full, CancellationToken.None));
        Assert.Equal(new ApiKeys.Authentication(ApiKeys.Refusal.None, key.Id, owner), found with { Catalog = null });
    }

    [Fact]
    public async Task AKeyWithTheRightPrefixButAnotherSecretIsUnknownAsIsAnythingThatIsNotAKey()
    {
        var owner = await NewPersonAsync("Prefix Guesser");
        var (_, full) = await WithKeysAsync(k => k.CreateAsync(owner, "Real", null, CancellationToken.None));
        var guess = full[..ApiKeys.PrefixLength] + new string('A', full.Length - ApiKeys.PrefixLength);

        foreach (var presented in new[] { guess, "", "llmp_", full + "x", full.ToUpperInvariant(), "sk-" + full[5..], full[..^1] + "!" })
        {
            var result = await WithKeysAsync(k => k.AuthenticateAsync(presented, CancellationToken.None));
            Assert.Equal(ApiKeys.Refusal.Unknown, result.Refusal);
            Assert.Null(result.UserId);
        }
    }

    [Fact]
    public async Task RevokedExpiredDeactivatedAndTurnedOffKeysAreRefusedEachForItsReason()
    {
        var owner = await NewPersonAsync("Refused Owner");
        var (revoked, revokedKey) = await WithKeysAsync(k => k.CreateAsync(owner, "Revoked", null, CancellationToken.None));
        var (_, expiredKey) = await WithKeysAsync(k => k.CreateAsync(owner, "Expired", DateTime.UtcNow.AddSeconds(-1), CancellationToken.None));
        var (_, liveKey) = await WithKeysAsync(k => k.CreateAsync(owner, "Live", DateTime.UtcNow.AddDays(1), CancellationToken.None));
        var stranger = await NewPersonAsync("Stranger");

        Assert.False(await WithKeysAsync(k => k.RevokeAsync(revoked.Id, stranger, CancellationToken.None)));
        Assert.True(await WithKeysAsync(k => k.RevokeAsync(revoked.Id, owner, CancellationToken.None)));
        Assert.False(await WithKeysAsync(k => k.RevokeAsync(revoked.Id, owner, CancellationToken.None)));

        Assert.Equal(ApiKeys.Refusal.Revoked, (await WithKeysAsync(k => k.AuthenticateAsync(revokedKey, CancellationToken.None))).Refusal);
        Assert.Equal(ApiKeys.Refusal.Expired, (await WithKeysAsync(k => k.AuthenticateAsync(expiredKey, CancellationToken.None))).Refusal);
        Assert.Equal(ApiKeys.Refusal.None, (await WithKeysAsync(k => k.AuthenticateAsync(liveKey, CancellationToken.None))).Refusal);

        await app.WithDbAsync(db => db.Users.Where(u => u.Id == owner).ExecuteUpdateAsync(s => s.SetProperty(u => u.ApiAccessDisabled, true)));
        Assert.Equal(ApiKeys.Refusal.AccessDisabled, (await WithKeysAsync(k => k.AuthenticateAsync(liveKey, CancellationToken.None))).Refusal);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == owner).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false)));
        Assert.Equal(ApiKeys.Refusal.AccountInactive, (await WithKeysAsync(k => k.AuthenticateAsync(liveKey, CancellationToken.None))).Refusal);
    }

    [Fact]
    public async Task LastUseIsWrittenInABatchAndNeverGoesBackwards()
    {
        var owner = await NewPersonAsync("Batch User");
        var (key, _) = await WithKeysAsync(k => k.CreateAsync(owner, "Batched", null, CancellationToken.None));
        var lastUse = app.Services.GetRequiredService<ApiKeyLastUse>();
        var later = new DateTime(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);

        lastUse.Note(key.Id, later.AddMinutes(-5));
        lastUse.Note(key.Id, later);
        lastUse.Note(key.Id, later.AddMinutes(-1));
        Assert.Null(await app.WithDbAsync(db => db.ApiKeys.Where(k => k.Id == key.Id).Select(k => k.LastUsedAt).SingleAsync()));
        await lastUse.FlushAsync(CancellationToken.None);
        Assert.Equal(later, await app.WithDbAsync(db => db.ApiKeys.Where(k => k.Id == key.Id).Select(k => k.LastUsedAt).SingleAsync()));

        lastUse.Note(key.Id, later.AddHours(-1));
        await lastUse.FlushAsync(CancellationToken.None);
        Assert.Equal(later, await app.WithDbAsync(db => db.ApiKeys.Where(k => k.Id == key.Id).Select(k => k.LastUsedAt).SingleAsync()));
    }
}

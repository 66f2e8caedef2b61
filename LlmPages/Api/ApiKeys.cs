using System.Security.Cryptography;
using System.Text;
using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Api;

/// <summary>
/// Personal API keys: made, found and revoked here only. A key is <see cref="KeyStart"/> and 40 random letters and
/// digits (about 238 bits): only its SHA-256 is stored, so a database dump gives no usable key, and a fast hash is
/// enough because nobody can guess a key of that size (a slow password hash on each request would cost tens of
/// milliseconds). The first <see cref="PrefixLength"/> characters are kept in clear: they find the row (a unique
/// index) and tell the owner's keys apart in lists.
/// </summary>
public sealed class ApiKeys(AppDbContext db, ApiKeyQuery query, TimeProvider clock)
{
    public const string KeyStart = "llmp_";
    public const int RandomLength = 40;
    public const int PrefixLength = 13;
    public const int MaxNameLength = 100;

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Why a presented key was refused; <see cref="Refusal.None"/> when it was accepted.</summary>
    public enum Refusal
    {
        None,
        /// <summary>Not a key of ours, no such key, or the wrong secret: one answer for all, so nothing is learnt.</summary>
        Unknown,
        Revoked,
        Expired,
        /// <summary>The owner's account is deactivated or awaits approval.</summary>
        AccountInactive,
        /// <summary>An admin turned the owner's API access off.</summary>
        AccessDisabled,
        /// <summary>An admin turned API access off for everyone (<see cref="ApiAccessSettings"/>).</summary>
        OffForEveryone,
    }

    /// <param name="HasQuota">Whether the owner has a monthly token quota, so that a call must hold tokens against it.</param>
    /// <param name="Catalog">The model catalogue's stamp, read in the same query (<see cref="ApiModelCatalog.UseStamp"/>).</param>
    public sealed record Authentication(
        Refusal Refusal, Guid KeyId = default, string? UserId = null, bool HasQuota = false, ApiModelCatalog.Stamp? Catalog = null);

    /// <summary>Makes a key for <paramref name="userId"/>; the full key is returned once and never stored.</summary>
    public async Task<(ApiKey Key, string FullKey)> CreateAsync(string userId, string name, DateTime? expiresAt, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var full = KeyStart + RandomNumberGenerator.GetString(Alphabet, RandomLength);
            var key = new ApiKey
            {
                UserId = userId,
                Name = name.Trim(),
                Prefix = full[..PrefixLength],
                KeyHash = Hash(full),
                CreatedAt = clock.GetUtcNow().UtcDateTime,
                ExpiresAt = expiresAt,
            };
            db.ApiKeys.Add(key);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return (key, full);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Two keys with the same prefix (one chance in 10^14 a pair): draw again.
                db.Entry(key).State = EntityState.Detached;
            }
        }
    }

    /// <summary>
    /// Checks a presented key: one indexed read of the key, its owner and the server's API switch (every request pays
    /// for this read, so it is the only one), then a constant-time comparison of hashes.
    /// </summary>
    public async Task<Authentication> AuthenticateAsync(string presented, CancellationToken cancellationToken)
    {
        if (!LooksLikeAKey(presented))
        {
            return new(Refusal.Unknown);
        }
        var prefix = presented[..PrefixLength];
        var found = await query.FindAsync(db, prefix, cancellationToken);
        if (found is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(found.KeyHash)))
        {
            return new(Refusal.Unknown);
        }
        var refusal = found.RevokedAt is not null ? Refusal.Revoked
            : found.ExpiresAt is { } expires && expires <= clock.GetUtcNow().UtcDateTime ? Refusal.Expired
            : !found.OwnerIsActive ? Refusal.AccountInactive
            : found.OwnerApiAccessDisabled ? Refusal.AccessDisabled
            : found.OffForEveryone ? Refusal.OffForEveryone
            : Refusal.None;
        return new(refusal, found.Id, found.UserId, found.OwnerHasQuota, found.Catalog);
    }

    /// <summary>A person's keys, newest first, revoked ones included (they show as revoked).</summary>
    public Task<List<ApiKey>> ListAsync(string userId, CancellationToken cancellationToken) =>
        db.ApiKeys.AsNoTracking().Where(k => k.UserId == userId)
            .OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id).ToListAsync(cancellationToken);

    /// <summary>One of a person's keys; null for another person's or a missing one.</summary>
    public Task<ApiKey?> FindAsync(Guid keyId, string userId, CancellationToken cancellationToken) =>
        db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == keyId && k.UserId == userId, cancellationToken);

    /// <summary>
    /// Revokes a key (of <paramref name="userId"/>, or anyone's when null: an admin). Refused at once: every request reads
    /// the key. False when there is no such key or it was revoked already.
    /// </summary>
    public async Task<bool> RevokeAsync(Guid keyId, string? userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.ApiKeys.Where(k => k.Id == keyId && (userId == null || k.UserId == userId) && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), cancellationToken) == 1;
    }

    public static bool LooksLikeAKey(string presented) =>
        presented.Length == KeyStart.Length + RandomLength
        && presented.StartsWith(KeyStart, StringComparison.Ordinal)
        && presented.AsSpan(KeyStart.Length).IndexOfAnyExcept(Alphabet) < 0;

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

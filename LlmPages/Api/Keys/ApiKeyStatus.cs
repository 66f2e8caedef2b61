using LlmPages.Data.Entities;

namespace LlmPages.Api.Keys;

/// <summary>What a key's row says about it: it works, its last day has passed, or it was revoked (revoked wins).</summary>
public enum ApiKeyStatus { Active, Expired, Revoked }

public static class ApiKeyStatuses
{
    public static ApiKeyStatus Of(ApiKey key, DateTime utcNow) =>
        key.RevokedAt is not null ? ApiKeyStatus.Revoked
        : key.ExpiresAt is { } expires && expires <= utcNow ? ApiKeyStatus.Expired
        : ApiKeyStatus.Active;

    /// <summary>The prefix as lists show it, "llmp_AbCd1234…": the start of a longer key.</summary>
    public static string Shown(ApiKey key) => key.Prefix + "\u2026";
}

namespace LlmPages.Data.Entities;

/// <summary>
/// A personal API key. Only a hash of the key is stored; the prefix is kept in clear so the user can tell
/// keys apart. A key is usable while it is neither revoked nor expired.
/// </summary>
public class ApiKey
{
    /// <summary>The key: a GUID so ids in URLs cannot be guessed (version 7, so new rows append to indexes).</summary>
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The owner; deleting the owner deletes the key.</summary>
    public required string UserId { get; set; }

    /// <summary>The owner.</summary>
    public AppUser User { get; set; } = null!;

    /// <summary>The user's label for the key.</summary>
    public required string Name { get; set; }

    /// <summary>The key's first characters, shown in lists and used to find the key (unique).</summary>
    public required string Prefix { get; set; }

    /// <summary>The SHA-256 of the whole key, hex: compared with the presented key's once the prefix has found the row.</summary>
    public required string KeyHash { get; set; }

    /// <summary>When the key was created (UTC).</summary>
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    /// <summary>When the key stops working (UTC); null means never.</summary>
    public DateTime? ExpiresAt { get; set; }

    /// <summary>When the key was last used (UTC), to within the batching interval of <c>ApiKeyLastUse</c>.</summary>
    public DateTime? LastUsedAt { get; set; }

    /// <summary>When the key was revoked (UTC); a revoked key is kept so lists can show it.</summary>
    public DateTime? RevokedAt { get; set; }
}

namespace LlmPages.Data.Entities;

/// <summary>
/// One signed-in session (a browser's session cookie carries its id), so that the server can end it: logging out
/// revokes it wherever its cookie is replayed, and "sign out everywhere" revokes all of a person's.
/// </summary>
public class UserSession
{
    /// <summary>Random, and only ever sent inside the encrypted session cookie.</summary>
    public Guid Id { get; set; }

    public required string UserId { get; set; }

    public AppUser User { get; set; } = null!;

    /// <summary>When the person signed in (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>When the session was last used (UTC), to within a few minutes: it is not written on every request.</summary>
    public DateTime LastSeenAt { get; set; }

    /// <summary>When the session ends however active it is (UTC): sign-in plus the absolute lifetime.</summary>
    public DateTime ExpiresAt { get; set; }

    /// <summary>When it was ended by logging out or by revoking it (UTC); null while it is valid.</summary>
    public DateTime? RevokedAt { get; set; }
}

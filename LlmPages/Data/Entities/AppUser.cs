using Microsoft.AspNetCore.Identity;

namespace LlmPages.Data.Entities;

/// <summary>
/// An account. Identity supplies the sign-in columns (and roles: Admin or User); we add what the app shows
/// and enforces.
/// </summary>
public class AppUser : IdentityUser
{
    /// <summary>The name shown in the UI; the user name stays the sign-in identifier.</summary>
    public required string DisplayName { get; set; }

    /// <summary>An inactive account cannot sign in; its data stays.</summary>
    public bool IsActive { get; set; } = true;

    /// <summary>When the account was created (UTC).</summary>
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    /// <summary>When the user last signed in (UTC), if ever.</summary>
    public DateTime? LastSignInAt { get; set; }

    /// <summary>
    /// Set when an admin gives the account a temporary password: after signing in, every page leads to
    /// /account/change-password until the person chooses their own.
    /// </summary>
    public bool MustChangePassword { get; set; }

    /// <summary>
    /// Registered while registration needed an admin's approval and not yet approved. Such an account is also
    /// inactive (<see cref="IsActive"/> false), so every check that keeps inactive accounts out keeps it out too.
    /// </summary>
    public bool AwaitingApproval { get; set; }

    /// <summary>Tokens (prompt + completion) the user may spend per calendar month; null means unlimited.</summary>
    public long? MonthlyTokenQuota { get; set; }

    /// <summary>An admin turned this person's API keys off: their keys are refused; the web pages still work.</summary>
    public bool ApiAccessDisabled { get; set; }

    /// <summary>The user's preferences; null until they first save them.</summary>
    public UserSettings? Settings { get; set; }
}

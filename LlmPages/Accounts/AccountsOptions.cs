using System.ComponentModel.DataAnnotations;

namespace LlmPages.Accounts;

/// <summary>Account and session policy, bound from <c>LlmPages:Accounts</c>.</summary>
public sealed class AccountsOptions
{
    public const string Section = "LlmPages:Accounts";

    /// <summary>A session ends after this long without a request.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00", ErrorMessage = "IdleTimeout must be between 1 minute and 365 days.")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A session ends this long after sign-in, however active it is.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00", ErrorMessage = "AbsoluteLifetime must be between 1 minute and 365 days.")]
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>An account registered (or created at start) with this e-mail address is an Admin.</summary>
    [EmailAddress(ErrorMessage = "AdminEmail must be an e-mail address.")]
    public string? AdminEmail { get; set; }

    /// <summary>With <see cref="AdminEmail"/>: creates that admin at start-up if it does not exist yet.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>
    /// Who may create an account on the register page until an admin chooses on /admin/users/registration (which is
    /// stored in the database and then wins): Open, Approval (an admin approves each new account) or Closed (admins
    /// create accounts). The very first account can always register.
    /// </summary>
    public RegistrationMode? Registration { get; set; }

    /// <summary>The older switch: true means <see cref="RegistrationMode.Open"/>, false <see cref="RegistrationMode.Closed"/>.</summary>
    public bool? AllowRegistration { get; set; }

    /// <summary>The mode configuration gives, before any admin has chosen one.</summary>
    public RegistrationMode DefaultRegistration =>
        Registration ?? (AllowRegistration is false ? RegistrationMode.Closed : RegistrationMode.Open);

    /// <summary>Failed sign-ins before an account is locked, and for how long.</summary>
    [Range(1, 100)]
    public int MaxFailedAttempts { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);
}

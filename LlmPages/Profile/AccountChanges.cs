using LlmPages.Accounts;
using LlmPages.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Profile;

/// <summary>
/// What a signed-in person changes about their own account: name and e-mail, password, and ending their sessions.
/// Each takes the request's principal and answers with field errors (form field name to message), empty when done.
/// </summary>
/// <remarks>
/// A password is checked through <see cref="AppSignInManager.CheckPasswordSignInAsync"/> with the lockout on, so that
/// a stolen session cannot guess the password faster than the sign-in form allows. Changing the password changes the
/// security stamp, which ends every session (<see cref="SessionGuard"/>); this session is then signed in again with the
/// new stamp (the same server-side session: its id survives <c>RefreshSignInAsync</c>), and the others are revoked too.
/// Changing the name or e-mail keeps the stamp: other sessions stay signed in and show the new name from their next
/// sign-in.
/// </remarks>
public sealed partial class AccountChanges(
    UserManager<AppUser> users,
    SignInManager<AppUser> signIn,
    SessionRegistry sessions,
    ILogger<AccountChanges> logger)
{
    public sealed record Errors(IReadOnlyList<(string Field, string Message)> List)
    {
        public static readonly Errors None = new([]);
        public bool Any => List.Count > 0;
        public static Errors One(string field, string message) => new([(field, message)]);
    }

    /// <summary>The person's account as stored now; null if it was deleted in the meantime.</summary>
    public Task<AppUser?> FindAsync(System.Security.Claims.ClaimsPrincipal principal) => users.GetUserAsync(principal);

    /// <summary>Null when <paramref name="password"/> is the person's; otherwise why not, in words.</summary>
    public async Task<string?> CheckPasswordAsync(AppUser user, string? password, string wrong)
    {
        var result = await signIn.CheckPasswordSignInAsync(user, password ?? "", lockoutOnFailure: true);
        return result.Succeeded ? null
            : result.IsLockedOut ? "Too many wrong passwords. Wait a few minutes, then try again."
            : wrong;
    }

    /// <summary>
    /// Saves the name and e-mail address. A new address is a new way into the account, like a new password: it needs
    /// the current password, and every other session ends (this one goes on).
    /// </summary>
    public async Task<Errors> ChangeDetailsAsync(
        AppUser user, System.Security.Claims.ClaimsPrincipal principal, DetailsInput input, string prefix)
    {
        var email = input.Email.Trim();
        var emailChanges = !string.Equals(email, user.Email, StringComparison.Ordinal);
        if (emailChanges && await CheckPasswordAsync(user, input.CurrentPassword,
                "Enter your current password to change your e-mail address.") is { } wrong)
        {
            return Errors.One($"{prefix}.{nameof(input.CurrentPassword)}", wrong);
        }
        user.DisplayName = input.DisplayName.Trim();
        if (emailChanges)
        {
            // The address is the user name too (signing in looks it up); Identity normalises both and checks that
            // no other account has them, ignoring case, as registration does.
            user.Email = email;
            user.UserName = email;
            // Saved with the address: every other session's cookie carries the old stamp and fails its next check.
            user.SecurityStamp = Guid.NewGuid().ToString("N");
        }
        IdentityResult result;
        try
        {
            result = await users.UpdateAsync(user);
        }
        catch (DbUpdateException) when (emailChanges)
        {
            // Another account took the address between Identity's check and the save: the unique index said no.
            result = IdentityResult.Failed(users.ErrorDescriber.DuplicateEmail(email));
        }
        if (!result.Succeeded)
        {
            return new([.. result.Errors.Select(e => ($"{prefix}.{nameof(input.Email)}", e.Code switch
            {
                "DuplicateEmail" or "DuplicateUserName" => "Another account already uses this e-mail address. Choose another one.",
                "InvalidEmail" or "InvalidUserName" => "Enter an e-mail address like name@example.com.",
                _ => e.Description,
            })).Distinct()]);
        }
        await signIn.RefreshSignInAsync(user); // the header's name and the session's user name come from the cookie
        var ended = emailChanges ? await sessions.RevokeAllAsync(user.Id, keep: principal.SessionId()) : 0;
        LogDetailsChanged(logger, user.Id, emailChanges, ended);
        return Errors.None;
    }

    public async Task<Errors> ChangePasswordAsync(AppUser user, System.Security.Claims.ClaimsPrincipal principal, PasswordInput input, string prefix)
    {
        if (await CheckPasswordAsync(user, input.CurrentPassword, "That is not your current password.") is { } wrong)
        {
            return Errors.One($"{prefix}.{nameof(input.CurrentPassword)}", wrong);
        }
        var wasTemporary = user.MustChangePassword;
        if (wasTemporary && input.NewPassword == input.CurrentPassword)
        {
            return Errors.One($"{prefix}.{nameof(input.NewPassword)}", "Choose a new password of your own, not the temporary one an administrator gave you.");
        }
        user.MustChangePassword = false; // saved with the new password; the refreshed session then lacks the claim
        var result = await users.ChangePasswordAsync(user, input.CurrentPassword, input.NewPassword);
        if (!result.Succeeded)
        {
            user.MustChangePassword = wasTemporary;
            return new([.. result.Errors.Select(e => (e.Code == "PasswordMismatch"
                ? $"{prefix}.{nameof(input.CurrentPassword)}" : $"{prefix}.{nameof(input.NewPassword)}", e.Description))]);
        }
        // The new stamp ended every session; this one goes on with it, and the others are revoked on the record too.
        await signIn.RefreshSignInAsync(user);
        var ended = await sessions.RevokeAllAsync(user.Id, keep: principal.SessionId());
        LogPasswordChanged(logger, user.Id, ended);
        return Errors.None;
    }

    /// <summary>Ends every session of the person, this one included; returns how many there were.</summary>
    public async Task<int> SignOutEverywhereAsync(string userId)
    {
        var ended = await sessions.RevokeAllAsync(userId);
        await signIn.SignOutAsync();
        return ended;
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "User {UserId} changed their details (e-mail changed: {EmailChanged}); {Ended} other sessions ended")]
    private static partial void LogDetailsChanged(ILogger logger, string userId, bool emailChanged, int ended);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "User {UserId} changed their password; {Ended} other sessions ended")]
    private static partial void LogPasswordChanged(ILogger logger, string userId, int ended);
}

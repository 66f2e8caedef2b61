using System.Security.Cryptography;
using LlmPages.Accounts;
using LlmPages.Admin.Audit;
using LlmPages.Chat.Streaming;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Profile;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Admin;

/// <summary>
/// Every change an admin makes to someone's account, one method per action (so that each can be audited in one
/// place): create, change role, set the quota, deactivate, reactivate, reset the password, approve, reject, delete,
/// and the registration mode.
/// </summary>
/// <remarks>
/// <para>
/// The last active admin cannot be demoted, deactivated or deleted. "Is another admin active?" is asked and acted on
/// inside a transaction that first takes the Admin role's row (an UPDATE that changes nothing), as
/// <see cref="AccountDeletion"/> does: two admins demoting each other at once queue there on SQLite and PostgreSQL alike
/// (and across instances), and the second sees what the first did.
/// </para>
/// <para>
/// A change that must end the person's access (role change, deactivation, password reset) writes a new security stamp,
/// which <see cref="SessionGuard"/> checks on every request and as streams go, and revokes their sessions; deactivation
/// also stops the replies being written for them (saved partially, as Stop does).
/// </para>
/// </remarks>
public sealed partial class UserAdmin(
    AppDbContext db,
    UserManager<AppUser> users,
    GenerationHub hub,
    ReplyStopper stopper,
    AccountDeletion deletion,
    SessionRegistry sessions,
    RegistrationSettings registration,
    AuditLog audit,
    TimeProvider clock,
    ILogger<UserAdmin> logger)
{
    /// <summary>The largest monthly token quota the form accepts (a trillion).</summary>
    public const long MaxQuota = 1_000_000_000_000;

    public enum Outcome { Done, LastAdmin, Gone }

    /// <summary>The result of an action that sets a temporary password, shown once to the admin.</summary>
    public sealed record Created(AppUser? User, string? TemporaryPassword, IReadOnlyList<(string Field, string Message)> Errors);

    public Task<AppUser?> FindAsync(string userId, CancellationToken cancellationToken) =>
        db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);

    public Task<bool> IsAdminAsync(string userId, CancellationToken cancellationToken)
    {
        var adminRole = AdminRoleId();
        return db.UserRoles.AnyAsync(r => r.UserId == userId && adminRole.Contains(r.RoleId), cancellationToken);
    }

    /// <summary>True when this person is the only active admin (so cannot be demoted, deactivated or deleted): for the pages to say so up front.</summary>
    public Task<bool> IsLastActiveAdminAsync(string userId, CancellationToken cancellationToken) =>
        deletion.IsLastAdminAsync(userId, cancellationToken);

    /// <summary>Creates an active account with a temporary password (the admin's, or a made-up one) that must be changed.</summary>
    public async Task<Created> CreateAsync(NewUserInput input, string prefix, CancellationToken cancellationToken)
    {
        var email = input.Email.Trim();
        var password = string.IsNullOrEmpty(input.TemporaryPassword) ? MakePassword() : input.TemporaryPassword;
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            DisplayName = input.DisplayName.Trim(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            MustChangePassword = true,
        };
        IdentityResult result;
        try
        {
            result = await users.CreateAsync(user, password);
        }
        catch (DbUpdateException)
        {
            // Another admin (or a registration) took the address between Identity's check and the save.
            db.ChangeTracker.Clear();
            result = IdentityResult.Failed(users.ErrorDescriber.DuplicateEmail(email));
        }
        if (!result.Succeeded)
        {
            return new Created(null, null, [.. result.Errors.Select(e => e.Code switch
            {
                "DuplicateEmail" or "DuplicateUserName" => ($"{prefix}.{nameof(input.Email)}", "Another account already uses this e-mail address. Find that person in the list, or use another address."),
                "InvalidEmail" or "InvalidUserName" => ($"{prefix}.{nameof(input.Email)}", "Enter an e-mail address like name@example.com."),
                _ when e.Code.StartsWith("Password", StringComparison.Ordinal) => ($"{prefix}.{nameof(input.TemporaryPassword)}", e.Description),
                _ => ("", e.Description),
            }).Distinct()]);
        }
        await users.AddToRoleAsync(user, input.Role == Roles.Admin ? Roles.Admin : Roles.User);
        LogCreated(logger, user.Id, input.Role);
        await audit.RecordAsync("user.create", nameof(AppUser), user.Id, $"role={input.Role}", cancellationToken: cancellationToken);
        return new Created(user, password, []);
    }

    /// <summary>Makes the person an Admin or a User; the change ends their sessions. The last active admin stays one.</summary>
    public async Task<Outcome> ChangeRoleAsync(string userId, string role, CancellationToken cancellationToken)
    {
        var outcome = await WithAdminsLockedAsync(userId, demotes: role != Roles.Admin, async () =>
        {
            var roleIds = await db.Roles.ToDictionaryAsync(r => r.NormalizedName!, r => r.Id, cancellationToken);
            var (wanted, other) = role == Roles.Admin
                ? (roleIds[Roles.Admin.ToUpperInvariant()], roleIds[Roles.User.ToUpperInvariant()])
                : (roleIds[Roles.User.ToUpperInvariant()], roleIds[Roles.Admin.ToUpperInvariant()]);
            await db.UserRoles.Where(r => r.UserId == userId && r.RoleId == other).ExecuteDeleteAsync(cancellationToken);
            if (!await db.UserRoles.AnyAsync(r => r.UserId == userId && r.RoleId == wanted, cancellationToken))
            {
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = userId, RoleId = wanted });
                await db.SaveChangesAsync(cancellationToken);
            }
            await NewStampAsync(userId, cancellationToken);
        }, cancellationToken);
        await EndSessionsIfDoneAsync(userId, outcome, cancellationToken);
        LogOutcome(logger, "change role to " + role, userId, outcome);
        await AuditAsync("user.change-role", userId, outcome, $"role={role}", cancellationToken);
        return outcome;
    }

    /// <summary>Sets the person's monthly token quota; null is unlimited.</summary>
    public async Task<Outcome> SetQuotaAsync(string userId, long? quota, CancellationToken cancellationToken)
    {
        var changed = await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.MonthlyTokenQuota, quota), cancellationToken);
        var outcome = changed == 1 ? Outcome.Done : Outcome.Gone;
        LogOutcome(logger, "set quota", userId, outcome);
        await AuditAsync("user.set-quota", userId, outcome, quota is null ? "quota=unlimited" : $"quota={quota}", cancellationToken);
        return outcome;
    }

    /// <summary>
    /// Deactivates the account: its sessions end at their next request (or stream check) and the replies being written
    /// for it are stopped and saved as they are. The last active admin cannot be deactivated.
    /// </summary>
    public async Task<Outcome> DeactivateAsync(string userId, CancellationToken cancellationToken)
    {
        var outcome = await WithAdminsLockedAsync(userId, demotes: true, async () =>
        {
            var stamp = Guid.NewGuid().ToString("N");
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s
                .SetProperty(u => u.IsActive, false)
                .SetProperty(u => u.SecurityStamp, stamp)
                .SetProperty(u => u.ConcurrencyStamp, Guid.NewGuid().ToString()), cancellationToken);
        }, cancellationToken);
        if (outcome == Outcome.Done)
        {
            await EndSessionsIfDoneAsync(userId, outcome, cancellationToken);
            foreach (var generation in hub.Active().Where(g => g.OwnerId == userId))
            {
                generation.RequestStop();
            }
            await stopper.StopElsewhereAsync(userId, null, untilSaved: false, cancellationToken);
        }
        LogOutcome(logger, "deactivate", userId, outcome);
        await AuditAsync("user.deactivate", userId, outcome, null, cancellationToken);
        return outcome;
    }

    /// <summary>Lets a deactivated person sign in again (their old sessions stay ended).</summary>
    public async Task<Outcome> ReactivateAsync(string userId, CancellationToken cancellationToken)
    {
        var changed = await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.IsActive, true)
            .SetProperty(u => u.AwaitingApproval, false)
            .SetProperty(u => u.ConcurrencyStamp, Guid.NewGuid().ToString()), cancellationToken);
        var outcome = changed == 1 ? Outcome.Done : Outcome.Gone;
        LogOutcome(logger, "reactivate", userId, outcome);
        await AuditAsync("user.reactivate", userId, outcome, null, cancellationToken);
        return outcome;
    }

    /// <summary>Approves an account that waited for approval; Gone when there is no such account waiting.</summary>
    public async Task<Outcome> ApproveAsync(string userId, CancellationToken cancellationToken)
    {
        var changed = await db.Users.Where(u => u.Id == userId && u.AwaitingApproval).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.IsActive, true)
            .SetProperty(u => u.AwaitingApproval, false)
            .SetProperty(u => u.ConcurrencyStamp, Guid.NewGuid().ToString()), cancellationToken);
        var outcome = changed == 1 ? Outcome.Done : Outcome.Gone;
        LogOutcome(logger, "approve", userId, outcome);
        await AuditAsync("user.approve", userId, outcome, null, cancellationToken);
        return outcome;
    }

    /// <summary>Rejects an account that waited for approval: it is deleted. Gone when there is no such account waiting.</summary>
    public async Task<Outcome> RejectAsync(string userId, CancellationToken cancellationToken)
    {
        var deleted = await db.Users.Where(u => u.Id == userId && u.AwaitingApproval).ExecuteDeleteAsync(cancellationToken);
        var outcome = deleted == 1 ? Outcome.Done : Outcome.Gone;
        LogOutcome(logger, "reject", userId, outcome);
        await AuditAsync("user.reject", userId, outcome, null, cancellationToken);
        return outcome;
    }

    /// <summary>
    /// Gives the person a new temporary password, returned once for the admin to pass on (only its hash is stored);
    /// they must change it at their next sign-in. Their sessions end and a lockout is lifted. Null when the account is gone.
    /// </summary>
    public async Task<string?> ResetPasswordAsync(string userId, CancellationToken cancellationToken)
    {
        if (await FindAsync(userId, cancellationToken) is not { } user)
        {
            LogOutcome(logger, "reset password", userId, Outcome.Gone);
            return null;
        }
        var password = MakePassword();
        user.MustChangePassword = true;
        user.AccessFailedCount = 0;
        user.LockoutEnd = null;
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, password); // also writes a new security stamp
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("A made-up password was refused: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        await sessions.RevokeAllAsync(userId, cancellationToken: cancellationToken);
        LogOutcome(logger, "reset password", userId, Outcome.Done);
        await AuditAsync("user.reset-password", userId, Outcome.Done, null, cancellationToken);
        return password;
    }

    /// <summary>Deletes the person and everything that is theirs (<see cref="AccountDeletion"/>); the last active admin stays.</summary>
    public async Task<Outcome> DeleteAsync(string userId, CancellationToken cancellationToken)
    {
        var outcome = await deletion.DeleteAsync(userId, cancellationToken) switch
        {
            AccountDeletion.Outcome.Deleted => Outcome.Done,
            AccountDeletion.Outcome.LastAdmin => Outcome.LastAdmin,
            _ => Outcome.Gone,
        };
        LogOutcome(logger, "delete", userId, outcome);
        await AuditAsync("user.delete", userId, outcome, null, cancellationToken);
        return outcome;
    }

    /// <summary>Sets who may register from now on, for every instance.</summary>
    public async Task SetRegistrationModeAsync(RegistrationMode mode, CancellationToken cancellationToken)
    {
        await registration.SetModeAsync(mode, cancellationToken);
        LogRegistrationMode(logger, mode);
        await audit.RecordAsync("registration.set-mode", "RegistrationMode", null, $"mode={mode}", cancellationToken: cancellationToken);
    }

    /// <summary>An audit row for an action that was done (a refused or vain one changed nothing, so it leaves none).</summary>
    private Task AuditAsync(string action, string userId, Outcome outcome, string? details, CancellationToken cancellationToken) =>
        outcome == Outcome.Done
            ? audit.RecordAsync(action, nameof(AppUser), userId, details, cancellationToken: cancellationToken)
            : Task.CompletedTask;

    /// <summary>
    /// Runs <paramref name="change"/> with the Admin role's row taken; when the change would leave the person without
    /// admin rights (<paramref name="demotes"/>) and they are the only active admin, refuses instead.
    /// </summary>
    private async Task<Outcome> WithAdminsLockedAsync(string userId, bool demotes, Func<Task> change, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await AdminRole().ExecuteUpdateAsync(s => s.SetProperty(r => r.ConcurrencyStamp, r => r.ConcurrencyStamp), cancellationToken);
        var target = await db.Users.Where(u => u.Id == userId).Select(u => new { u.IsActive }).FirstOrDefaultAsync(cancellationToken);
        if (target is null)
        {
            return Outcome.Gone;
        }
        if (demotes && target.IsActive && await IsAdminAsync(userId, cancellationToken) && !await OtherActiveAdmins(userId).AnyAsync(cancellationToken))
        {
            return Outcome.LastAdmin;
        }
        await change();
        await transaction.CommitAsync(cancellationToken);
        return Outcome.Done;
    }

    private Task NewStampAsync(string userId, CancellationToken cancellationToken)
    {
        var stamp = Guid.NewGuid().ToString("N");
        return db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.SecurityStamp, stamp)
            .SetProperty(u => u.ConcurrencyStamp, Guid.NewGuid().ToString()), cancellationToken);
    }

    private async Task EndSessionsIfDoneAsync(string userId, Outcome outcome, CancellationToken cancellationToken)
    {
        if (outcome == Outcome.Done)
        {
            await sessions.RevokeAllAsync(userId, cancellationToken: cancellationToken);
        }
    }

    private IQueryable<IdentityRole> AdminRole() =>
        db.Roles.Where(r => r.NormalizedName == Roles.Admin.ToUpperInvariant());

    private IQueryable<string> AdminRoleId() => AdminRole().Select(r => r.Id);

    private IQueryable<string> OtherActiveAdmins(string userId)
    {
        var adminRole = AdminRoleId();
        return db.UserRoles
            .Where(r => adminRole.Contains(r.RoleId) && r.UserId != userId)
            .Join(db.Users.Where(u => u.IsActive), r => r.UserId, u => u.Id, (r, u) => u.Id);
    }

    /// <summary>Four groups of five letters and digits without look-alikes (about 100 bits): easy to read out, hard to guess.</summary>
    private static string MakePassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        var groups = Enumerable.Range(0, 4).Select(_ => RandomNumberGenerator.GetString(alphabet, 5));
        return string.Join('-', groups);
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "An admin created account {UserId} with role {Role}")]
    private static partial void LogCreated(ILogger logger, string userId, string role);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Admin action {Action} on user {UserId}: {Outcome}")]
    private static partial void LogOutcome(ILogger logger, string action, string userId, Outcome outcome);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "An admin set the registration mode to {Mode}")]
    private static partial void LogRegistrationMode(ILogger logger, RegistrationMode mode);
}

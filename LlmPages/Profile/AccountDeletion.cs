using LlmPages.Accounts;
using LlmPages.Chat.Streaming;
using LlmPages.Data;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Profile;

/// <summary>
/// Deletes a person's account and everything that is theirs: the database removes their chats (and messages),
/// projects, settings, sessions, API keys and roles with the account (cascades); usage records stay, without the person
/// (<c>UsageLog.UserId</c> becomes null), so the app's totals stay right. The last active admin cannot go.
/// </summary>
/// <remarks>
/// "Is someone else an active admin?" is asked and acted on in one statement, inside a transaction that first takes
/// the admin role's row (an UPDATE that changes nothing): two admins deleting themselves at once queue there, on both
/// engines, and the second sees that the first is gone. Replies still being written are stopped first, so none is
/// saved for an account that no longer exists.
/// </remarks>
public sealed partial class AccountDeletion(AppDbContext db, GenerationHub hub, ReplyStopper stopper, ILogger<AccountDeletion> logger)
{
    public enum Outcome { Deleted, LastAdmin, Gone }

    /// <summary>What the confirmation page tells the person they will lose.</summary>
    public async Task<(int Chats, int Messages)> CountAsync(string userId, CancellationToken cancellationToken) =>
        (await db.Conversations.CountAsync(c => c.OwnerId == userId, cancellationToken),
         await db.Messages.CountAsync(m => m.Conversation.OwnerId == userId, cancellationToken));

    /// <summary>True when this person is the only active admin, so cannot delete their account.</summary>
    public async Task<bool> IsLastAdminAsync(string userId, CancellationToken cancellationToken)
    {
        var adminRole = AdminRoleId();
        return await db.UserRoles.AnyAsync(r => r.UserId == userId && adminRole.Contains(r.RoleId), cancellationToken)
            && !await OtherActiveAdmins(userId).AnyAsync(cancellationToken);
    }

    public async Task<Outcome> DeleteAsync(string userId, CancellationToken cancellationToken)
    {
        await stopper.StopElsewhereAsync(userId, null, untilSaved: true, cancellationToken);
        foreach (var generation in hub.Active().Where(g => g.OwnerId == userId))
        {
            generation.RequestStop();
            await generation.WhenFinishedAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await AdminRole().ExecuteUpdateAsync(s => s.SetProperty(r => r.ConcurrencyStamp, r => r.ConcurrencyStamp), cancellationToken);
        var adminRole = AdminRoleId();
        var otherAdmins = OtherActiveAdmins(userId);
        var deleted = await db.Users
            .Where(u => u.Id == userId
                && (!db.UserRoles.Any(r => r.UserId == u.Id && adminRole.Contains(r.RoleId)) || otherAdmins.Any()))
            .ExecuteDeleteAsync(cancellationToken);
        var outcome = deleted == 1 ? Outcome.Deleted
            : await db.Users.AnyAsync(u => u.Id == userId, cancellationToken) ? Outcome.LastAdmin
            : Outcome.Gone;
        await transaction.CommitAsync(cancellationToken);
        LogOutcome(logger, userId, outcome);
        return outcome;
    }

    private IQueryable<Microsoft.AspNetCore.Identity.IdentityRole> AdminRole() =>
        db.Roles.Where(r => r.NormalizedName == Roles.Admin.ToUpperInvariant());

    private IQueryable<string> AdminRoleId() => AdminRole().Select(r => r.Id);

    private IQueryable<string> OtherActiveAdmins(string userId)
    {
        var adminRole = AdminRoleId();
        return db.UserRoles
            .Where(r => adminRole.Contains(r.RoleId) && r.UserId != userId)
            .Join(db.Users.Where(u => u.IsActive), r => r.UserId, u => u.Id, (r, u) => u.Id);
    }

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "Deleting the account of user {UserId}: {Outcome}")]
    private static partial void LogOutcome(ILogger logger, string userId, Outcome outcome);
}

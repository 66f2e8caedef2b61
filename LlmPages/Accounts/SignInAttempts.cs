using System.Linq.Expressions;
using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.Options;

namespace LlmPages.Accounts;

/// <summary>
/// Counts an account's sign-in attempts in the database, taking each attempt's place in the count <em>before</em>
/// its password is checked, so that however many guesses arrive at once, no more than
/// <c>LlmPages:Accounts:MaxFailedAttempts</c> are checked before the account locks.
/// </summary>
/// <remarks>
/// Identity counted after the check: it read the count with the user, added one in memory and saved; attempts
/// arriving together overwrote each other (ten at once left the count at 3) and every one of them was checked.
/// Here each claim is one conditional UPDATE, which SQLite and PostgreSQL both apply atomically (PostgreSQL
/// re-checks the WHERE of a row it waited for): "add one if fewer than max − 1 have failed", else "lock now if
/// exactly max − 1 have" (the last guess locks the account before it is checked; the right password unlocks it
/// again), else the attempt is refused unchecked. An in-process lock per account would not hold once several
/// instances share a PostgreSQL database, and a RETURNING clause is not needed: each WHERE is the check.
/// <para>
/// SQLite cannot compare Identity's DateTimeOffset <c>LockoutEnd</c> in SQL, so it is compared in memory, and an
/// ended lockout is cleared by a compare-and-swap on the values read, which only one attempt can win. Every UPDATE
/// also renews the concurrency stamp, as Identity's own saves do, so that saving a stale copy of the user (say, an
/// admin's edit) fails instead of undoing the count.
/// </para>
/// </remarks>
public sealed class SignInAttempts(AppDbContext db, IOptions<IdentityOptions> identity, TimeProvider clock)
{
    /// <summary>Takes this attempt's place in the account's count, or refuses it (locked, or the last place is taken).</summary>
    public async Task<AttemptClaim> ClaimAsync(AppUser user, CancellationToken cancellationToken = default)
    {
        var lockout = identity.Value.Lockout;
        var max = lockout.MaxFailedAccessAttempts;
        var now = clock.GetUtcNow();
        if (user.LockoutEnd > now)
        {
            return AttemptClaim.Refused;
        }
        if (user.AccessFailedCount >= max)
        {
            // A lockout that has ended: the first attempt to get here starts a new round; the rest then claim in it.
            var (count, end) = (user.AccessFailedCount, user.LockoutEnd);
            await UpdateAsync(user.Id, u => u.AccessFailedCount == count && u.LockoutEnd == end, s => s
                .SetProperty(u => u.AccessFailedCount, 0)
                .SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null), cancellationToken);
        }

        var claim = AttemptClaim.Refused;
        if (await UpdateAsync(user.Id, u => u.AccessFailedCount < max - 1, s => s
                .SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount + 1), cancellationToken))
        {
            claim = AttemptClaim.Counted;
        }
        else if (await UpdateAsync(user.Id, u => u.AccessFailedCount == max - 1, s => s
                     .SetProperty(u => u.AccessFailedCount, max)
                     .SetProperty(u => u.LockoutEnd, now + lockout.DefaultLockoutTimeSpan), cancellationToken))
        {
            claim = AttemptClaim.CountedLast;
        }
        // What the user object says must be what the database says, for Identity's own saves of it (a rehashed
        // password) to go through.
        await db.Entry(user).ReloadAsync(cancellationToken);
        return claim;
    }

    /// <summary>After the right password: the count starts again from zero, and a lockout it had just set is lifted.</summary>
    public async Task ResetAsync(AppUser user, CancellationToken cancellationToken = default)
    {
        await UpdateAsync(user.Id, _ => true, s => s
            .SetProperty(u => u.AccessFailedCount, 0)
            .SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null), cancellationToken);
        await db.Entry(user).ReloadAsync(cancellationToken);
    }

    private async Task<bool> UpdateAsync(
        string userId,
        Expression<Func<AppUser, bool>> condition,
        Action<UpdateSettersBuilder<AppUser>> set,
        CancellationToken cancellationToken)
    {
        var stamp = Guid.NewGuid().ToString();
        var updated = await db.Users.Where(u => u.Id == userId).Where(condition).ExecuteUpdateAsync(s =>
        {
            set(s);
            s.SetProperty(u => u.ConcurrencyStamp, stamp);
        }, cancellationToken);
        return updated == 1;
    }
}

/// <summary>Whether an attempt may check its password, and whether it was the last before the lockout.</summary>
public enum AttemptClaim
{
    /// <summary>Locked, or the last place before the lockout is taken: the password is not checked.</summary>
    Refused,

    /// <summary>Counted; more attempts remain.</summary>
    Counted,

    /// <summary>Counted as the last attempt: the account is locked already, unless this password is right.</summary>
    CountedLast,
}

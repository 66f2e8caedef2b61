using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
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
/// Here a claim is one statement, <c>UPDATE … SET count = count + 1, lockout end = (the last place? now + duration)
/// WHERE id = … AND count &lt; max RETURNING count</c>, which SQLite and PostgreSQL both apply atomically
/// (PostgreSQL re-checks the WHERE of a row it waited for): the attempt that takes the last place locks the account
/// before its password is checked (the right password unlocks it again), and an attempt that finds no place left
/// is refused unchecked. An in-process lock per account would not hold once several instances share a PostgreSQL
/// database. An address without an account runs the same statement, matching no row, so that it costs the same.
/// <para>
/// SQLite cannot compare Identity's DateTimeOffset <c>LockoutEnd</c> in SQL, so it is compared in memory, and an
/// ended lockout is cleared by a compare-and-swap on the values read, which only one attempt can win. Every UPDATE
/// also renews the concurrency stamp, as Identity's own saves do, so that saving a stale copy of the user (say, an
/// admin's edit) fails instead of undoing the count.
/// </para>
/// </remarks>
public sealed class SignInAttempts(AppDbContext db, IOptions<IdentityOptions> identity, TimeProvider clock)
{
    /// <summary>
    /// Takes this attempt's place in the account's count, or refuses it (locked, or no place left). With no user
    /// (an address without an account) it does the same work and refuses.
    /// </summary>
    public async Task<AttemptClaim> ClaimAsync(AppUser? user, CancellationToken cancellationToken = default)
    {
        var lockout = identity.Value.Lockout;
        var max = lockout.MaxFailedAccessAttempts;
        var now = clock.GetUtcNow();
        var open = user is not null && !(user.LockoutEnd > now);
        if (open && user!.AccessFailedCount >= max)
        {
            // A lockout that has ended: the first attempt to get here starts a new round; the rest then claim in it.
            var (count, end) = (user.AccessFailedCount, user.LockoutEnd);
            var stamp = Guid.NewGuid().ToString();
            if (await db.Users.Where(u => u.Id == user.Id && u.AccessFailedCount == count && u.LockoutEnd == end)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(u => u.AccessFailedCount, 0)
                        .SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null)
                        .SetProperty(u => u.ConcurrencyStamp, stamp), cancellationToken) == 1)
            {
                Written(user, 0, null, stamp);
            }
        }

        var lockedUntil = now + lockout.DefaultLockoutTimeSpan;
        var newStamp = Guid.NewGuid().ToString();
        // "" is no account's id: a refused attempt runs the statement too, so that refusing takes as long.
        var counts = await db.Database
            .SqlQueryRaw<int>(ClaimSql(), open ? user!.Id : "", max, lockedUntil, newStamp)
            .ToListAsync(cancellationToken);
        if (counts is not [var taken])
        {
            return AttemptClaim.Refused;
        }
        Written(user!, taken, taken >= max ? lockedUntil : user!.LockoutEnd, newStamp);
        return taken >= max ? AttemptClaim.CountedLast : AttemptClaim.Counted;
    }

    /// <summary>After the right password: the count starts again from zero, and a lockout it had just set is lifted.</summary>
    public async Task ResetAsync(AppUser user, CancellationToken cancellationToken = default)
    {
        var stamp = Guid.NewGuid().ToString();
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.AccessFailedCount, 0)
            .SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null)
            .SetProperty(u => u.ConcurrencyStamp, stamp), cancellationToken);
        Written(user, 0, null, stamp);
    }

    /// <summary>
    /// The claim, with the table and column names of the model (quoted for the database in use). Parameters: the
    /// user's id, the maximum of failures, the end of a lockout that starts now, a new concurrency stamp. In an
    /// UPDATE every expression reads the row as it was, so <c>count + 1</c> in the CASE is the new count.
    /// </summary>
    private string ClaimSql()
    {
        var users = db.Model.FindEntityType(typeof(AppUser))!;
        var table = StoreObjectIdentifier.Table(users.GetTableName()!, users.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        string Column(string property) => sql.DelimitIdentifier(users.FindProperty(property)!.GetColumnName(table)!);
        var (id, count, end, stamp) = (Column(nameof(AppUser.Id)), Column(nameof(AppUser.AccessFailedCount)),
            Column(nameof(AppUser.LockoutEnd)), Column(nameof(AppUser.ConcurrencyStamp)));
        return $$"""
            UPDATE {{sql.DelimitIdentifier(table.Name, table.Schema)}}
            SET {{count}} = {{count}} + 1,
                {{end}} = CASE WHEN {{count}} + 1 >= {1} THEN {2} ELSE {{end}} END,
                {{stamp}} = {3}
            WHERE {{id}} = {0} AND {{count}} < {1}
            RETURNING {{count}}
            """;
    }

    /// <summary>
    /// Tells the user object the values just written, as if it had been read again but without the query (sign-in
    /// must take as long whether or not the address has an account), so that Identity's saves of it (a rehashed
    /// password, the time of sign-in) go through.
    /// </summary>
    private void Written(AppUser user, int count, DateTimeOffset? lockoutEnd, string stamp)
    {
        var entry = db.Entry(user);
        Set(entry.Property(u => u.AccessFailedCount), count);
        Set(entry.Property(u => u.LockoutEnd), lockoutEnd);
        Set(entry.Property(u => u.ConcurrencyStamp), stamp);
    }

    private static void Set<T>(PropertyEntry<AppUser, T> property, T value)
    {
        property.CurrentValue = value;
        if (property.EntityEntry.State != EntityState.Detached)
        {
            property.OriginalValue = value;
        }
    }
}

/// <summary>Whether an attempt may check its password, and whether it was the last before the lockout.</summary>
public enum AttemptClaim
{
    /// <summary>Locked, no place left before the lockout, or no such account: the password is not checked.</summary>
    Refused,

    /// <summary>Counted; more attempts remain.</summary>
    Counted,

    /// <summary>Counted as the last attempt: the account is locked already, unless this password is right.</summary>
    CountedLast,
}

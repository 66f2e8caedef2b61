using System.Globalization;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Chat.Conversations;

/// <summary>
/// A person's monthly token quota (<see cref="AppUser.MonthlyTokenQuota"/>; null: unlimited, and nothing here runs),
/// checked at every send, regenerate and edit. The month is the calendar month of the app's time zone
/// (<see cref="AppTimeZone"/>), as on the profile page; its tokens are prompt plus completion tokens of the month's
/// <see cref="UsageLog"/> rows, plus the estimated prompts of replies still being written
/// (<see cref="QuotaReservation"/>). A send is refused once that total has reached the quota; a reply that started
/// under it may finish over it.
/// <para>
/// Atomic on both engines: the check and the reservation happen in one transaction that first writes the person's
/// own row (a no-op update), which takes PostgreSQL's row lock and SQLite's write lock, so concurrent sends by the
/// same person take turns and each sees the reservations of those before it; other people's sends do not wait on
/// PostgreSQL. The finished reply's save deletes its reservation in the transaction that adds its usage row
/// (<see cref="Streaming.ReplyStore"/>); a reservation left by a crash stops counting after <see cref="ReservationLifetime"/>.
/// </para>
/// A singleton: it opens its own short-lived context, so the send's pending changes (a new chat) are not saved early.
/// </summary>
public sealed class TokenQuota(IServiceScopeFactory scopes, AppTimeZone zone, TimeProvider clock)
{
    /// <summary>How long a reservation counts when its reply never finished (the app stopped in between).</summary>
    public static readonly TimeSpan ReservationLifetime = TimeSpan.FromHours(1);

    /// <summary>
    /// Holds <paramref name="tokens"/> for the reply <paramref name="replyId"/> when the person is under their quota; the
    /// refusal in plain words otherwise. Call only for a person with a quota.
    /// </summary>
    public async Task<string?> TryReserveAsync(string userId, Guid replyId, int tokens, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (start, end, localStart) = zone.MonthOf(now);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The lock: concurrent sends by this person wait here until the one before has reserved and committed.
        await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.MonthlyTokenQuota, u => u.MonthlyTokenQuota), cancellationToken);
        // Read under the lock: an admin's change made meanwhile counts.
        var quota = await db.Users.Where(u => u.Id == userId).Select(u => u.MonthlyTokenQuota).FirstOrDefaultAsync(cancellationToken);
        if (quota is not { } limit)
        {
            return null;
        }
        var cutoff = now - ReservationLifetime;
        await db.QuotaReservations.Where(r => r.UserId == userId && r.CreatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        var used = await UsedAsync(db, userId, start, end, cancellationToken);
        var held = await db.QuotaReservations.Where(r => r.UserId == userId).SumAsync(r => (long)r.Tokens, cancellationToken);
        if (used + held >= limit)
        {
            return Refusal(used, held, limit, localStart);
        }
        db.QuotaReservations.Add(new QuotaReservation { Id = replyId, UserId = userId, Tokens = Math.Max(1, tokens), CreatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>Gives the tokens back when the reply was not started after all.</summary>
    public async Task ReleaseAsync(Guid replyId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.QuotaReservations.Where(r => r.Id == replyId).ExecuteDeleteAsync(CancellationToken.None);
    }

    private static Task<long> UsedAsync(AppDbContext db, string userId, DateTime start, DateTime end, CancellationToken cancellationToken) =>
        db.UsageLogs.Where(l => l.UserId == userId && l.CreatedAt >= start && l.CreatedAt < end)
            .SumAsync(l => (long)l.PromptTokens + l.CompletionTokens, cancellationToken);

    private string Refusal(long used, long held, long limit, DateTime localStart) =>
        held == 0
            ? string.Create(CultureInfo.InvariantCulture, $"You have used {used:N0} of your {limit:N0} tokens for this month, so nothing was sent. "
                + $"Your quota starts again on {localStart.AddMonths(1):d MMMM yyyy} ({zone.Name}). Ask an admin if you need more before then.")
            : string.Create(CultureInfo.InvariantCulture, $"You have used {used:N0} of your {limit:N0} tokens for this month, and replies still being written hold the rest, so nothing was sent. "
                + $"Wait for them to finish, or, once the quota is used up, until {localStart.AddMonths(1):d MMMM yyyy} ({zone.Name}), or ask an admin for more.");
}

using LlmPages.Accounts;
using LlmPages.Data;
using LlmPages.Web;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Admin;

/// <summary>
/// The admin's list of people: a search by name or e-mail, a state filter (active, deactivated, awaiting approval), one
/// page at a time, with each person's role, last sign-in and tokens this month (of the app's time zone) against their quota.
/// </summary>
public sealed class UserList(AppDbContext db, AppTimeZone zone, TimeProvider clock)
{
    public enum State { All, Active, Deactivated, Pending }

    public sealed record Row(
        string Id, string DisplayName, string Email, bool IsAdmin, bool IsActive, bool AwaitingApproval,
        DateTime? LastSignInAt, long TokensThisMonth, long? MonthlyTokenQuota);

    public sealed record Result(IReadOnlyList<Row> Rows, Paging Paging, int PendingCount);

    public async Task<Result> FindAsync(string? search, State state, int? page, CancellationToken cancellationToken)
    {
        var people = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            // PostgreSQL cannot take NUL, even as a parameter: it is searched for as stored (U+FFFD).
            var upper = StoredText.Clean(search)!.Trim().ToUpperInvariant();
            // The normalised e-mail is upper-cased in C# by Identity; the name is upper-cased by the database.
            people = people.Where(u => u.NormalizedEmail!.Contains(upper) || u.DisplayName.ToUpper().Contains(upper));
        }
        people = state switch
        {
            State.Active => people.Where(u => u.IsActive),
            State.Deactivated => people.Where(u => !u.IsActive && !u.AwaitingApproval),
            State.Pending => people.Where(u => u.AwaitingApproval),
            _ => people,
        };
        var paging = Paging.For(page, await people.CountAsync(cancellationToken));
        var (start, end, _) = zone.MonthOf(clock.GetUtcNow().UtcDateTime);
        var adminRole = db.Roles.Where(r => r.NormalizedName == Roles.Admin.ToUpperInvariant()).Select(r => r.Id);
        var rows = await people
            .OrderBy(u => u.NormalizedEmail).ThenBy(u => u.Id)
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(u => new Row(
                u.Id, u.DisplayName, u.Email!,
                db.UserRoles.Any(r => r.UserId == u.Id && adminRole.Contains(r.RoleId)),
                u.IsActive, u.AwaitingApproval, u.LastSignInAt,
                db.UsageLogs.Where(l => l.UserId == u.Id && l.CreatedAt >= start && l.CreatedAt < end)
                    .Sum(l => (long)l.PromptTokens + l.CompletionTokens),
                u.MonthlyTokenQuota))
            .ToListAsync(cancellationToken);
        var pending = await db.Users.CountAsync(u => u.AwaitingApproval, cancellationToken);
        return new Result(rows, paging, pending);
    }

    /// <summary>One person's tokens this month, for their edit page.</summary>
    public Task<long> TokensThisMonthAsync(string userId, CancellationToken cancellationToken)
    {
        var (start, end, _) = zone.MonthOf(clock.GetUtcNow().UtcDateTime);
        return db.UsageLogs.Where(l => l.UserId == userId && l.CreatedAt >= start && l.CreatedAt < end)
            .SumAsync(l => (long)l.PromptTokens + l.CompletionTokens, cancellationToken);
    }
}

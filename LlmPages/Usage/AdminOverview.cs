using LlmPages.Admin;
using LlmPages.Data;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Usage;

/// <summary>
/// The figures of the admin overview: people, chats, messages and tokens over the last day, 7 and 30 days (days of the
/// app's time zone, today included), the error rate, each provider's last health check, the top models and the latest
/// errors. Tokens come from <see cref="UsageReports"/> (rollups plus today's raw rows), so they match the usage page.
/// </summary>
public sealed class AdminOverview(AppDbContext db, UsageDays days, UsageReports reports)
{
    public const int TopModelCount = 5;
    public const int LatestErrorCount = 10;

    /// <summary>Counts for today, the last 7 days and the last 30 days.</summary>
    public sealed record Windows(long Today, long Week, long Month);

    public sealed record Provider(int Id, string Name, bool IsActive, HealthView Health);

    public sealed record Error(DateTime At, string Category, string Message, string? RequestPath);

    public sealed record Figures(
        int People, int ActiveToday, int ActiveThisWeek, Windows Chats, Windows Messages, Windows Tokens, Windows Requests,
        UsageTotals Month, UsageReports.Report Usage, IReadOnlyList<UsageReports.NamedTotals> TopModels,
        IReadOnlyList<Provider> Providers, IReadOnlyList<Error> LatestErrors);

    public async Task<Figures> ReadAsync(CancellationToken cancellationToken)
    {
        var today = days.Today;
        var now = days.UtcNow;
        var (dayStart, weekStart, monthStart) = (days.Start(today), days.Start(today.AddDays(-6)), days.Start(today.AddDays(-29)));

        var people = await db.Users.CountAsync(cancellationToken);
        // "Active": seen by a signed-in session (written at most every few minutes, SessionGuard).
        var dayAgo = now.AddDays(-1);
        var weekAgo = now.AddDays(-7);
        var activeToday = await db.UserSessions.Where(s => s.LastSeenAt >= dayAgo).Select(s => s.UserId).Distinct().CountAsync(cancellationToken);
        var activeThisWeek = await db.UserSessions.Where(s => s.LastSeenAt >= weekAgo).Select(s => s.UserId).Distinct().CountAsync(cancellationToken);

        var chats = new Windows(
            await db.Conversations.LongCountAsync(c => c.CreatedAt >= dayStart, cancellationToken),
            await db.Conversations.LongCountAsync(c => c.CreatedAt >= weekStart, cancellationToken),
            await db.Conversations.LongCountAsync(c => c.CreatedAt >= monthStart, cancellationToken));
        var messages = new Windows(
            await db.Messages.LongCountAsync(m => m.CreatedAt >= dayStart, cancellationToken),
            await db.Messages.LongCountAsync(m => m.CreatedAt >= weekStart, cancellationToken),
            await db.Messages.LongCountAsync(m => m.CreatedAt >= monthStart, cancellationToken));

        var usage = await reports.UsageAsync(today.AddDays(-29), today, withPeople: false, cancellationToken);
        UsageTotals Since(DateOnly first) => UsageTotals.Sum(usage.Days.Where(d => d.Day >= first).Select(d => d.Totals));
        var (todayTotals, weekTotals, month) = (Since(today), Since(today.AddDays(-6)), usage.All);

        var providers = await db.AiProviders.AsNoTracking()
            .OrderBy(p => p.NameKey)
            .Select(p => new Provider(p.Id, p.Name, p.IsActive,
                new HealthView(p.LastHealthStatus, p.LastHealthCheckedAt, p.LastHealthLatencyMs, p.LastHealthError, null)))
            .ToListAsync(cancellationToken);
        var errors = await db.MonitoringLogs.AsNoTracking()
            .Where(l => l.Level == "Error")
            .OrderByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id)
            .Take(LatestErrorCount)
            .Select(l => new Error(l.CreatedAt, l.Category, l.Message, l.RequestPath))
            .ToListAsync(cancellationToken);

        return new Figures(
            people, activeToday, activeThisWeek, chats, messages,
            new Windows(todayTotals.Tokens, weekTotals.Tokens, month.Tokens),
            new Windows(todayTotals.Requests, weekTotals.Requests, month.Requests),
            month, usage, [.. usage.Models.Take(TopModelCount)], providers, errors);
    }
}

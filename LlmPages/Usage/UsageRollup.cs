using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Usage;

/// <summary>
/// Rolls the raw <see cref="UsageLog"/> rows into <see cref="UsageDailyRollup"/> (per day, person and model) and
/// <see cref="ModelDailyPerformance"/> (per day and model), so the admin pages read a few rows per day instead of every
/// call. Each run rebuilds whole days from the raw rows (delete, then insert, one transaction per day), so running it
/// twice gives the same totals. The days rebuilt are today, yesterday, and every day of a row added since the last run
/// (found by id: <see cref="UsageRollupState"/>), which picks up late rows for a past day; a changed time zone rebuilds
/// every day.
/// </summary>
public sealed partial class UsageRollup(AppDbContext db, UsageDays days, ILogger<UsageRollup> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = days.UtcNow;
        var today = days.DayOf(startedAt);
        var state = await db.UsageRollupStates.SingleOrDefaultAsync(s => s.Id == UsageRollupState.SingleId, cancellationToken);
        var lastId = await db.UsageLogs.MaxAsync(l => (long?)l.Id, cancellationToken) ?? 0;
        var sameZone = state is not null && state.TimeZone == days.TimeZone;
        if (!sameZone)
        {
            // Days cut in another zone mean nothing in this one.
            await db.UsageDailyRollups.ExecuteDeleteAsync(cancellationToken);
            await db.ModelDailyPerformances.ExecuteDeleteAsync(cancellationToken);
        }
        var seenUpTo = sameZone ? state!.LastUsageLogId : 0;
        var earliestNew = await db.UsageLogs.Where(l => l.Id > seenUpTo && l.Id <= lastId)
            .MinAsync(l => (DateTime?)l.CreatedAt, cancellationToken);
        // Yesterday too, always: a row whose id was taken before the last run but saved after it is below the mark.
        var from = today.AddDays(-1);
        if (earliestNew is { } earliest && days.DayOf(earliest) < from)
        {
            from = days.DayOf(earliest);
        }
        var rebuilt = 0;
        for (var day = from; day <= today; day = day.AddDays(1))
        {
            await RebuildDayAsync(day, cancellationToken);
            rebuilt++;
        }

        state ??= db.UsageRollupStates.Add(new UsageRollupState { Id = UsageRollupState.SingleId, TimeZone = days.TimeZone }).Entity;
        state.TimeZone = days.TimeZone;
        state.LastUsageLogId = Math.Max(sameZone ? state.LastUsageLogId : 0, lastId);
        state.RolledAt = startedAt;
        await db.SaveChangesAsync(cancellationToken);
        LogRolledUp(logger, rebuilt, from, today);
    }

    /// <summary>Replaces <paramref name="day"/>'s rollups and performance rows with ones computed afresh from its raw rows.</summary>
    public async Task RebuildDayAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var (totals, performance) = await ComputeDayAsync(day, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.UsageDailyRollups.Where(r => r.Day == day).ExecuteDeleteAsync(cancellationToken);
        await db.ModelDailyPerformances.Where(p => p.Day == day).ExecuteDeleteAsync(cancellationToken);
        db.UsageDailyRollups.AddRange(totals);
        db.ModelDailyPerformances.AddRange(performance);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// <paramref name="day"/>'s totals and performance computed from its raw rows, unsaved: what a rebuild writes, and
    /// what the pages show for the days not rolled up yet (today).
    /// </summary>
    public async Task<(List<UsageDailyRollup> Totals, List<ModelDailyPerformance> Performance)> ComputeDayAsync(
        DateOnly day, CancellationToken cancellationToken, bool withPerformance = true)
    {
        var start = days.Start(day);
        var end = days.End(day);
        var calls = db.UsageLogs.AsNoTracking().Where(l => l.CreatedAt >= start && l.CreatedAt < end);

        var totals = await calls
            .GroupBy(l => new { l.UserId, l.ModelId })
            .Select(g => new
            {
                g.Key.UserId,
                g.Key.ModelId,
                Requests = g.Count(),
                Prompt = g.Sum(l => (long)l.PromptTokens),
                Completion = g.Sum(l => (long)l.CompletionTokens),
                Failures = g.Count(l => l.Status == MessageStatus.Failed || l.Status == MessageStatus.Interrupted),
                Priced = g.Count(l => l.Cost != null),
                Cost = g.Sum(l => l.Cost ?? 0m),
            })
            .ToListAsync(cancellationToken);
        if (!withPerformance)
        {
            return (Rollups(day, totals.Select(t => (t.UserId, t.ModelId, t.Requests, t.Prompt, t.Completion, t.Failures, t.Priced, t.Cost))), []);
        }
        var writing = await calls
            .Where(l => l.TimeToFirstTokenMs != null && l.DurationMs != null && l.DurationMs > l.TimeToFirstTokenMs)
            .GroupBy(l => l.ModelId)
            .Select(g => new
            {
                ModelId = g.Key,
                Tokens = g.Sum(l => (long)l.CompletionTokens),
                Milliseconds = g.Sum(l => (long)(l.DurationMs!.Value - l.TimeToFirstTokenMs!.Value)),
            })
            .ToDictionaryAsync(w => w.ModelId ?? -1, cancellationToken);
        var waits = await FirstTokenPercentilesAsync(calls, cancellationToken);

        var performance = totals.GroupBy(t => t.ModelId).Select(g =>
        {
            var key = g.Key ?? -1;
            var (timed, p50, p95) = waits.GetValueOrDefault(key);
            return new ModelDailyPerformance
            {
                Day = day,
                ModelId = g.Key,
                Requests = g.Sum(t => t.Requests),
                PromptTokens = g.Sum(t => t.Prompt),
                CompletionTokens = g.Sum(t => t.Completion),
                Cost = g.Any(t => t.Priced > 0) ? g.Sum(t => t.Cost) : null,
                Failures = g.Sum(t => t.Failures),
                TimedRequests = timed,
                TimeToFirstTokenP50Ms = p50,
                TimeToFirstTokenP95Ms = p95,
                TokensPerSecond = writing.TryGetValue(key, out var w) && w.Milliseconds > 0 ? w.Tokens * 1000.0 / w.Milliseconds : null,
            };
        }).ToList();

        var rollups = Rollups(day, totals.Select(t => (t.UserId, t.ModelId, t.Requests, t.Prompt, t.Completion, t.Failures, t.Priced, t.Cost)));
        return (rollups, performance);
    }

    private static List<UsageDailyRollup> Rollups(
        DateOnly day, IEnumerable<(string? UserId, int? ModelId, int Requests, long Prompt, long Completion, int Failures, int Priced, decimal Cost)> totals) =>
        [.. totals.Select(t => new UsageDailyRollup
        {
            Day = day,
            UserId = t.UserId,
            ModelId = t.ModelId,
            Requests = t.Requests,
            PromptTokens = t.Prompt,
            CompletionTokens = t.Completion,
            Failures = t.Failures,
            Cost = t.Priced > 0 ? t.Cost : null,
        })];

    /// <summary>
    /// The day's times to the first token per model (-1 for a removed model), read in order one model after another, so
    /// only one model's values are held at a time.
    /// </summary>
    private static async Task<Dictionary<int, (int Timed, double? P50, double? P95)>> FirstTokenPercentilesAsync(
        IQueryable<UsageLog> calls, CancellationToken cancellationToken)
    {
        var result = new Dictionary<int, (int, double?, double?)>();
        var values = new List<int>();
        int? current = null;
        void Close()
        {
            if (current is { } model)
            {
                result[model] = (values.Count, Percentiles.Continuous(values, 0.5), Percentiles.Continuous(values, 0.95));
            }
            values.Clear();
        }
        var ordered = calls.Where(l => l.TimeToFirstTokenMs != null)
            .OrderBy(l => l.ModelId ?? -1).ThenBy(l => l.TimeToFirstTokenMs)
            .Select(l => new { Model = l.ModelId ?? -1, Wait = l.TimeToFirstTokenMs!.Value })
            .AsAsyncEnumerable();
        await foreach (var row in ordered.WithCancellation(cancellationToken))
        {
            if (row.Model != current)
            {
                Close();
                current = row.Model;
            }
            values.Add(row.Wait);
        }
        Close();
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Usage rolled up: {Days} days rebuilt, {From} to {To}.")]
    private static partial void LogRolledUp(ILogger logger, int days, DateOnly from, DateOnly to);
}

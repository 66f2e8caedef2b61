using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Usage;

/// <summary>
/// Usage over a range of days for the admin pages: per day, per model and per person, and each model's performance per
/// day. The days the rollup job has done (<see cref="UsageRollupState.RolledAt"/>: every day before the one it last ran
/// on) are read from the rollups, a few rows per day; the rest (normally today) from the raw rows, computed as the job
/// computes them (<see cref="UsageRollup.ComputeDayAsync"/>). So a page costs the same with a million usage rows as with
/// a thousand, and shows today's calls at once. A late row for a day already rolled up shows after the next run.
/// </summary>
public sealed class UsageReports(AppDbContext db, UsageDays days, UsageRollup rollup)
{
    public const string RemovedModel = "A model since removed";
    public const string RemovedPerson = "A person since removed";

    public sealed record DayTotals(DateOnly Day, UsageTotals Totals);

    /// <param name="Detail">A person's email address; null for a model.</param>
    public sealed record NamedTotals(string Name, string? Detail, UsageTotals Totals);

    /// <param name="Days">Every day of the range, those without calls included.</param>
    /// <param name="People">Empty unless asked for.</param>
    public sealed record Report(
        DateOnly From, DateOnly To, string TimeZone, IReadOnlyList<DayTotals> Days, IReadOnlyList<NamedTotals> Models, IReadOnlyList<NamedTotals> People)
    {
        public UsageTotals All => UsageTotals.Sum(Days.Select(d => d.Totals));
    }

    public sealed record PerformanceRow(
        DateOnly Day, string Model, int Requests, int Failures, int TimedRequests, double? FirstTokenP50Ms, double? FirstTokenP95Ms, double? TokensPerSecond)
    {
        public double? ErrorRate => Requests == 0 ? null : (double)Failures / Requests;
    }

    public async Task<Report> UsageAsync(DateOnly from, DateOnly to, bool withPeople, CancellationToken cancellationToken)
    {
        var (rolledTo, rawFrom, rawTo) = await SplitAsync(from, to, cancellationToken);
        var perDayModel = new Dictionary<(DateOnly Day, int? Model), UsageTotals>();
        var perPerson = new Dictionary<string, UsageTotals>(StringComparer.Ordinal);
        void AddPerson(string? userId, UsageTotals totals) =>
            perPerson[userId ?? ""] = perPerson.GetValueOrDefault(userId ?? "", UsageTotals.Zero).Add(totals);

        if (from <= rolledTo)
        {
            // Days and models from the per-model rows (a few a day); people from the per-person ones.
            var byDayModel = await db.ModelDailyPerformances.AsNoTracking().Where(p => p.Day >= from && p.Day <= rolledTo)
                .Select(p => new { p.Day, p.ModelId, p.Requests, p.PromptTokens, p.CompletionTokens, p.Failures, p.Cost })
                .ToListAsync(cancellationToken);
            foreach (var t in byDayModel)
            {
                var totals = new UsageTotals(t.Requests, t.PromptTokens, t.CompletionTokens, t.Failures, t.Cost);
                perDayModel[(t.Day, t.ModelId)] = perDayModel.GetValueOrDefault((t.Day, t.ModelId), UsageTotals.Zero).Add(totals);
            }
            if (withPeople)
            {
                // Costs summed as floating point: SQLite keeps decimals as text and sums them one call at a time in .NET,
                // ten times slower; six decimals stay exact for totals below a billion.
                var byPerson = await db.UsageDailyRollups.AsNoTracking().Where(r => r.Day >= from && r.Day <= rolledTo)
                    .GroupBy(r => r.UserId)
                    .Select(g => new
                    {
                        UserId = g.Key,
                        Requests = g.Sum(r => r.Requests),
                        Prompt = g.Sum(r => r.PromptTokens),
                        Completion = g.Sum(r => r.CompletionTokens),
                        Failures = g.Sum(r => r.Failures),
                        Priced = g.Count(r => r.Cost != null),
                        Cost = g.Sum(r => (double?)r.Cost),
                    })
                    .ToListAsync(cancellationToken);
                foreach (var t in byPerson)
                {
                    AddPerson(t.UserId, new(t.Requests, t.Prompt, t.Completion, t.Failures,
                        t.Priced > 0 ? Math.Round((decimal)(t.Cost ?? 0), 6) : null));
                }
            }
        }
        for (var day = rawFrom; day <= rawTo; day = day.AddDays(1))
        {
            var (cells, _) = await rollup.ComputeDayAsync(day, cancellationToken, withPerformance: false);
            foreach (var cell in cells)
            {
                var totals = Totals(cell);
                perDayModel[(day, cell.ModelId)] = perDayModel.GetValueOrDefault((day, cell.ModelId), UsageTotals.Zero).Add(totals);
                AddPerson(cell.UserId, totals);
            }
        }

        var modelNames = await ModelNamesAsync(perDayModel.Keys.Select(k => k.Model), cancellationToken);
        var dayRows = new List<DayTotals>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            dayRows.Add(new(day, UsageTotals.Sum(perDayModel.Where(p => p.Key.Day == day).Select(p => p.Value))));
        }
        var models = perDayModel
            .GroupBy(p => ModelName(modelNames, p.Key.Model))
            .Select(g => new NamedTotals(g.Key, null, UsageTotals.Sum(g.Select(p => p.Value))))
            .OrderByDescending(m => m.Totals.Tokens).ThenByDescending(m => m.Totals.Requests).ThenBy(m => m.Name, StringComparer.Ordinal)
            .ToList();
        var people = withPeople ? await PeopleAsync(perPerson, cancellationToken) : [];
        return new Report(from, to, days.TimeZone, dayRows, models, people);
    }

    public async Task<IReadOnlyList<PerformanceRow>> PerformanceAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var (rolledTo, rawFrom, rawTo) = await SplitAsync(from, to, cancellationToken);
        var rows = from <= rolledTo
            ? await db.ModelDailyPerformances.AsNoTracking().Where(p => p.Day >= from && p.Day <= rolledTo).ToListAsync(cancellationToken)
            : [];
        for (var day = rawFrom; day <= rawTo; day = day.AddDays(1))
        {
            rows.AddRange((await rollup.ComputeDayAsync(day, cancellationToken)).Performance);
        }
        var names = await ModelNamesAsync(rows.Select(r => r.ModelId), cancellationToken);
        return [.. rows
            .Select(r => new PerformanceRow(r.Day, ModelName(names, r.ModelId), r.Requests, r.Failures, r.TimedRequests,
                r.TimeToFirstTokenP50Ms, r.TimeToFirstTokenP95Ms, r.TokensPerSecond))
            .OrderByDescending(r => r.Day).ThenBy(r => r.Model, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The last day to read from the rollups (never past <paramref name="to"/>: a range that ends before the last rolled
    /// day must not count the days after it), and the days to compute from raw rows (none past today). Without a rollup
    /// in this time zone, every day is raw.
    /// </summary>
    private async Task<(DateOnly RolledTo, DateOnly RawFrom, DateOnly RawTo)> SplitAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var state = await db.UsageRollupStates.AsNoTracking().SingleOrDefaultAsync(s => s.Id == UsageRollupState.SingleId, cancellationToken);
        var firstRaw = state is not null && state.TimeZone == days.TimeZone ? days.DayOf(state.RolledAt) : from;
        var rawFrom = firstRaw > from ? firstRaw : from;
        var today = days.Today;
        var lastRolled = firstRaw.AddDays(-1);
        return (lastRolled < to ? lastRolled : to, rawFrom, to < today ? to : today);
    }

    private static UsageTotals Totals(UsageDailyRollup r) => new(r.Requests, r.PromptTokens, r.CompletionTokens, r.Failures, r.Cost);

    private async Task<Dictionary<int, string>> ModelNamesAsync(IEnumerable<int?> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.OfType<int>().Distinct().ToList();
        return await db.AiModels.AsNoTracking().Where(m => wanted.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.DisplayName, cancellationToken);
    }

    private static string ModelName(Dictionary<int, string> names, int? id) =>
        id is { } known && names.TryGetValue(known, out var name) ? name : RemovedModel;

    private async Task<List<NamedTotals>> PeopleAsync(Dictionary<string, UsageTotals> perPerson, CancellationToken cancellationToken)
    {
        // Everyone's name at once: a list of a thousand ids as parameters costs more than reading a thousand names.
        var people = await db.Users.AsNoTracking()
            .Select(u => new { u.Id, u.DisplayName, u.Email })
            .ToDictionaryAsync(u => u.Id, cancellationToken);
        return [.. perPerson
            .Select(p => people.TryGetValue(p.Key, out var person)
                ? new NamedTotals(person.DisplayName, person.Email, p.Value)
                : new NamedTotals(RemovedPerson, null, p.Value))
            // Removed people are one line, not one per removed account.
            .GroupBy(p => (p.Name, p.Detail))
            .Select(g => new NamedTotals(g.Key.Name, g.Key.Detail, UsageTotals.Sum(g.Select(p => p.Totals))))
            .OrderByDescending(p => p.Totals.Tokens).ThenByDescending(p => p.Totals.Requests)
            .ThenBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Detail, StringComparer.Ordinal)];
    }
}

using LlmPages.Data;
using LlmPages.Web;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Profile;

/// <summary>
/// A person's use of the models in the current calendar month of the app's time zone (<see cref="AppTimeZone"/>): requests
/// and tokens per model, from <c>UsageLogs</c> (one row per reply), most tokens first.
/// </summary>
public sealed class MonthlyUsage(AppDbContext db, AppTimeZone zone, TimeProvider clock)
{
    public sealed record Row(string Model, int Requests, long PromptTokens, long CompletionTokens)
    {
        public long Tokens => PromptTokens + CompletionTokens;
    }

    /// <param name="Month">The month's first day in the zone, for its name.</param>
    public sealed record Report(DateTime Month, string TimeZone, IReadOnlyList<Row> Rows)
    {
        /// <summary>The person's monthly token quota (<c>AppUser.MonthlyTokenQuota</c>, counted over the same rows); null: unlimited.</summary>
        public long? Quota { get; init; }

        public int Requests => Rows.Sum(r => r.Requests);
        public long Tokens => Rows.Sum(r => r.Tokens);
    }

    public async Task<Report> ThisMonthAsync(string userId, CancellationToken cancellationToken)
    {
        var (start, end, localStart) = zone.MonthOf(clock.GetUtcNow().UtcDateTime);
        var totals = await db.UsageLogs.AsNoTracking()
            .Where(l => l.UserId == userId && l.CreatedAt >= start && l.CreatedAt < end)
            .GroupBy(l => l.ModelId)
            .Select(g => new
            {
                ModelId = g.Key,
                Requests = g.Count(),
                Prompt = g.Sum(l => (long)l.PromptTokens),
                Completion = g.Sum(l => (long)l.CompletionTokens),
            })
            .ToListAsync(cancellationToken);
        var ids = totals.Where(t => t.ModelId is not null).Select(t => t.ModelId!.Value).ToList();
        var names = await db.AiModels.AsNoTracking().Where(m => ids.Contains(m.Id))
            .ToDictionaryAsync(m => m.Id, m => m.DisplayName, cancellationToken);
        var rows = totals
            .Select(t => new Row(t.ModelId is { } id && names.TryGetValue(id, out var name) ? name : "A model since removed",
                t.Requests, t.Prompt, t.Completion))
            // Models since removed are one line, not one per removed model.
            .GroupBy(r => r.Model)
            .Select(g => new Row(g.Key, g.Sum(r => r.Requests), g.Sum(r => r.PromptTokens), g.Sum(r => r.CompletionTokens)))
            .OrderByDescending(r => r.Tokens).ThenByDescending(r => r.Requests).ThenBy(r => r.Model, StringComparer.Ordinal)
            .ToList();
        var quota = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.MonthlyTokenQuota).FirstOrDefaultAsync(cancellationToken);
        return new Report(localStart, zone.Name, rows) { Quota = quota };
    }
}

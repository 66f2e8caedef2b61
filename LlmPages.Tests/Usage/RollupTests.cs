using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Usage;

/// <summary>
/// The rollup job's totals are the raw rows' totals, per day of the app's time zone, person and model: on the first run,
/// after a late row for a past day, and after running again; and its percentiles are those of percentile_cont.
/// </summary>
public sealed class RollupTests
{
    private sealed record Key(DateOnly Day, string? UserId, int? ModelId);

    private static async Task<Dictionary<Key, (int Requests, long Prompt, long Completion, int Failures, decimal? Cost)>> RawTotalsAsync(UsageApp usage)
    {
        var logs = await usage.App.WithDbAsync(db => db.UsageLogs.AsNoTracking().ToListAsync());
        return logs
            .GroupBy(l => new Key(DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(l.CreatedAt, UsageApp.TimeZone)), l.UserId, l.ModelId))
            .ToDictionary(g => g.Key, g => (g.Count(), g.Sum(l => (long)l.PromptTokens), g.Sum(l => (long)l.CompletionTokens),
                g.Count(l => l.Status is MessageStatus.Failed or MessageStatus.Interrupted),
                g.Any(l => l.Cost is not null) ? g.Sum(l => l.Cost ?? 0) : (decimal?)null));
    }

    private static async Task<Dictionary<Key, (int Requests, long Prompt, long Completion, int Failures, decimal? Cost)>> RolledTotalsAsync(UsageApp usage)
    {
        var rollups = await usage.App.WithDbAsync(db => db.UsageDailyRollups.AsNoTracking().ToListAsync());
        Assert.Equal(rollups.Count, rollups.Select(r => new Key(r.Day, r.UserId, r.ModelId)).Distinct().Count());
        return rollups.ToDictionary(r => new Key(r.Day, r.UserId, r.ModelId), r => (r.Requests, r.PromptTokens, r.CompletionTokens, r.Failures, r.Cost));
    }

    [Fact]
    public async Task RollupTotalsEqualTheRawRowsAfterLateRowsAndRepeatedRuns()
    {
        await using var usage = await UsageApp.StartAsync();
        var today = UsageApp.Today;
        await usage.AddAsync(
            // 00:30 in the zone is 10:30 UTC the day before: the zone's day, not UTC's, must get it.
            UsageApp.Log(usage.AdaId, usage.ModelA, UsageApp.At(today.AddDays(-3), 0, 30), 100, 200, cost: 0.5m),
            UsageApp.Log(usage.AdaId, usage.ModelA, UsageApp.At(today.AddDays(-3), 23, 59), 1, 2, MessageStatus.Failed, cost: 0.25m),
            UsageApp.Log(usage.BoId, usage.ModelB, UsageApp.At(today.AddDays(-3), 12), 5, 6, MessageStatus.Interrupted),
            UsageApp.Log(null, usage.ModelB, UsageApp.At(today.AddDays(-2), 12), 7, 8),
            UsageApp.Log(usage.BoId, null, UsageApp.At(today.AddDays(-1), 12), 9, 10, MessageStatus.Stopped),
            UsageApp.Log(usage.AdaId, usage.ModelB, UsageApp.At(today, 1), 11, 12, cost: 1m));

        await usage.RollUpAsync();
        Assert.Equal(await RawTotalsAsync(usage), await RolledTotalsAsync(usage));

        // A late row for a day already rolled up (a reply that ended then, saved now), and a new one today.
        await usage.AddAsync(
            UsageApp.Log(usage.AdaId, usage.ModelA, UsageApp.At(today.AddDays(-3), 8), 1000, 2000, cost: 2m),
            UsageApp.Log(usage.BoId, usage.ModelB, UsageApp.At(today, 2), 13, 14));
        usage.Clock.Advance(TimeSpan.FromHours(1));
        await usage.RollUpAsync();
        var afterLateRows = await RolledTotalsAsync(usage);
        Assert.Equal(await RawTotalsAsync(usage), afterLateRows);
        Assert.Equal((3, 1101L, 2202L, 1, (decimal?)2.75m), afterLateRows[new Key(today.AddDays(-3), usage.AdaId, usage.ModelA)]);
        Assert.Null(afterLateRows[new Key(today.AddDays(-3), usage.BoId, usage.ModelB)].Cost);

        await usage.RollUpAsync();
        Assert.Equal(afterLateRows, await RolledTotalsAsync(usage));
    }

    [Fact]
    public async Task APastDayIsReadFromItsRollupAndTodayFromTheRawRows()
    {
        await using var usage = await UsageApp.StartAsync();
        var today = UsageApp.Today;
        await usage.AddAsync(UsageApp.Log(usage.AdaId, usage.ModelA, UsageApp.At(today.AddDays(-1), 9), 100, 1));
        await usage.RollUpAsync();
        // Rows the rollup has not seen: today's show at once; a late one for yesterday after the next run.
        await usage.AddAsync(
            UsageApp.Log(usage.AdaId, usage.ModelA, UsageApp.At(today, 1), 10, 1),
            UsageApp.Log(usage.AdaId, usage.ModelA, UsageApp.At(today.AddDays(-1), 10), 1000, 1));

        var page = await usage.Admin.GetAsync($"/admin/usage?from={today.AddDays(-1):yyyy-MM-dd}&to={today:yyyy-MM-dd}");
        Assert.Equal(["101", "11"], DayTokens(page));

        await usage.RollUpAsync();
        page = await usage.Admin.GetAsync($"/admin/usage?from={today.AddDays(-1):yyyy-MM-dd}&to={today:yyyy-MM-dd}");
        Assert.Equal(["1,102", "11"], DayTokens(page));

        static List<string> DayTokens(Infrastructure.HtmlPage page) =>
            [.. page.FindAll("#days tbody tr").Select(r => r.Children[4].TextContent.Trim())];
    }

    [Fact]
    public async Task ARangeThatEndsBeforeTheLastRolledDayCountsNoLaterDayPerModelPerPersonOrInPerformance()
    {
        await using var usage = await UsageApp.StartAsync();
        var today = UsageApp.Today;
        await usage.AddAsync(
            UsageApp.Log(usage.AdaId, usage.ModelA, UsageApp.At(today.AddDays(-3), 9), 100, 1, firstToken: 10, duration: 20),
            UsageApp.Log(usage.BoId, usage.ModelB, UsageApp.At(today.AddDays(-1), 9), 1000, 1, firstToken: 10, duration: 20));
        await usage.RollUpAsync();
        var range = $"from={today.AddDays(-3):yyyy-MM-dd}&to={today.AddDays(-2):yyyy-MM-dd}";

        var page = await usage.Admin.GetAsync($"/admin/usage?{range}");
        Assert.Equal([usage.ModelAName], page.FindAll("#models tbody th").Select(c => c.TextContent.Trim()));
        Assert.Equal(["Ada Lovelace"], page.FindAll("#people tbody th").Select(c => c.TextContent.Trim()));

        var performance = await usage.Admin.GetAsync($"/admin/performance?{range}");
        Assert.Equal([usage.ModelAName], performance.FindAll("#performance tbody tr").Select(r => r.Children[1].TextContent.Trim()));
    }

    [Fact]
    public async Task PercentilesTokensPerSecondAndErrorRateAreRightOnAKnownDay()
    {
        await using var usage = await UsageApp.StartAsync();
        var day = UsageApp.Today.AddDays(-1);
        // Times to the first token 100, 200, 300, 400, 1000 (written out of order) and one untimed failure.
        // percentile_cont: p50 = 300; p95 = 400 + 0.8 * (1000 - 400) = 880.
        // Writing: (50 + 50 + 50 + 50 + 100) tokens over (900 + 800 + 700 + 600 + 1000) ms = 300 / 4 s = 75 tokens/s.
        await usage.AddAsync(
            UsageApp.Log(usage.AdaId, usage.ModelA, UsageApp.At(day, 9), completion: 100, firstToken: 1000, duration: 2000),
            UsageApp.Log(usage.AdaId, usage.ModelA, UsageApp.At(day, 9), completion: 50, firstToken: 300, duration: 1000),
            UsageApp.Log(usage.BoId, usage.ModelA, UsageApp.At(day, 10), completion: 50, firstToken: 100, duration: 1000),
            UsageApp.Log(usage.BoId, usage.ModelA, UsageApp.At(day, 11), completion: 50, firstToken: 400, duration: 1000),
            UsageApp.Log(usage.AdaId, usage.ModelA, UsageApp.At(day, 12), completion: 50, firstToken: 200, duration: 1000),
            UsageApp.Log(usage.AdaId, usage.ModelA, UsageApp.At(day, 13), completion: 0, status: MessageStatus.Failed),
            UsageApp.Log(usage.AdaId, usage.ModelB, UsageApp.At(day, 13), completion: 5, firstToken: 42, duration: 42));

        await usage.RollUpAsync();
        var page = await usage.Admin.GetAsync($"/admin/performance?from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}");

        var rows = page.FindAll("#performance tbody tr").Select(r => r.Children.Select(c => c.TextContent.Trim()).ToList()).ToList();
        Assert.Equal([UsageRange(day), usage.ModelAName, "6", "16.7", "5", "300.0", "880.0", "75.0"], rows.Single(r => r[1] == usage.ModelAName));
        // One timed call: both percentiles are its wait; no writing time, so no speed.
        Assert.Equal([UsageRange(day), usage.ModelBName, "1", "0.0", "1", "42.0", "42.0", "\u2014"], rows.Single(r => r[1] == usage.ModelBName));
    }

    [PostgresFact]
    public async Task ThePercentilesAreThoseOfPostgresPercentileCont()
    {
        await using var usage = await UsageApp.StartAsync();
        var day = UsageApp.Today.AddDays(-1);
        var random = new Random(15);
        await usage.AddAsync([.. Enumerable.Range(0, 257).Select(i =>
            UsageApp.Log(usage.AdaId, usage.ModelA, UsageApp.At(day, 1).AddSeconds(i * 60), firstToken: random.Next(5, 5000)))]);
        await usage.RollUpAsync();

        var (start, end) = (UsageApp.At(day, 0), UsageApp.At(day.AddDays(1), 0));
        var expected = await usage.App.WithDbAsync(db => db.Database.SqlQuery<Percentiles>($"""
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY "TimeToFirstTokenMs") AS "P50",
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY "TimeToFirstTokenMs") AS "P95"
            FROM "UsageLogs" WHERE "CreatedAt" >= {start} AND "CreatedAt" < {end}
            """).SingleAsync());
        var rolled = await usage.App.WithDbAsync(db => db.ModelDailyPerformances.SingleAsync(p => p.Day == day));

        Assert.Equal(expected.P50, rolled.TimeToFirstTokenP50Ms!.Value, 6);
        Assert.Equal(expected.P95, rolled.TimeToFirstTokenP95Ms!.Value, 6);
    }

    [Fact]
    public async Task AnAppThatFindsUsageRowsButNoRollupRollsUpAtOnceNotAtTheNextHour()
    {
        // The rows of a version without rollups: written with the job server off, so nothing rolls them up.
        var before = new AppFactory { KeepDataFolder = true };
        before.Settings["LlmPages:Jobs:RunServer"] = "false";
        await before.WithDbAsync(async db =>
        {
            db.UsageLogs.Add(UsageApp.Log(null, null, DateTime.UtcNow.AddDays(-2)));
            return await db.SaveChangesAsync();
        });
        Assert.False(await before.WithDbAsync(db => db.UsageRollupStates.AnyAsync()));
        await before.DisposeAsync();

        await using var after = new AppFactory { DataFolder = before.DataFolder };
        _ = after.Server;

        await Monitoring.MonitoringSteps.WaitUntilAsync(() => after.WithDbAsync(db => db.UsageRollupStates.AnyAsync()), "the rollup's first run");
        Assert.Equal(1, await after.WithDbAsync(db => db.UsageDailyRollups.SumAsync(r => r.Requests)));
    }

    private sealed record Percentiles(double P50, double P95);

    private static string UsageRange(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

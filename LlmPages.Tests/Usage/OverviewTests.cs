using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;

namespace LlmPages.Tests.Usage;

/// <summary>
/// The admin overview: people and their activity, chats, messages, requests and tokens today and over 7 and 30 days (the
/// same tokens as the usage page), the error rate, top models, provider health and the newest errors, shown inert.
/// </summary>
public sealed class OverviewTests
{
    [Fact]
    public async Task TheOverviewCountsTodayTheWeekAndTheMonthAndShowsTheNewestErrorsInert()
    {
        await using var usage = await UsageApp.StartAsync();
        var today = UsageApp.Today;
        await usage.AddAsync(
            UsageApp.Log(usage.AdaId, usage.ModelA, UsageApp.At(today, 1), 100, 50),
            UsageApp.Log(usage.AdaId, usage.ModelA, UsageApp.At(today.AddDays(-6), 1), 1000, 500, MessageStatus.Failed),
            UsageApp.Log(usage.BoId, usage.ModelB, UsageApp.At(today.AddDays(-7), 1), 10_000, 5000),
            UsageApp.Log(usage.BoId, usage.ModelB, UsageApp.At(today.AddDays(-29), 1), 100_000, 50_000),
            UsageApp.Log(usage.BoId, usage.ModelB, UsageApp.At(today.AddDays(-30), 1), 1_000_000, 1)); // outside
        await usage.RollUpAsync();
        await usage.App.WithDbAsync(async db =>
        {
            for (var i = 0; i < 12; i++)
            {
                db.MonitoringLogs.Add(new MonitoringLog
                {
                    Level = "Error",
                    Category = "LlmPages.Test",
                    CreatedAt = UsageApp.At(today, 2).AddMinutes(i),
                    Message = $"Error {i:00} <script>alert(1)</script><b>bold</b>",
                });
            }
            db.MonitoringLogs.Add(new MonitoringLog { Level = "Warning", Category = "LlmPages.Test", Message = "A warning", CreatedAt = UsageApp.At(today, 3) });
            await db.SaveChangesAsync();
            return true;
        });

        var page = await usage.Admin.GetAsync("/admin");

        var activity = page.FindAll("#activity tbody tr").ToDictionary(r => r.Children[0].TextContent.Trim(), r => r.Children.Skip(1).Select(c => c.TextContent.Trim()).ToList());
        Assert.Equal(["150", "1,650", "166,650"], activity["Tokens"]);
        Assert.Equal(["1", "2", "4"], activity["Requests"]);
        Assert.Contains("25.0 %", page.Text("main"), StringComparison.Ordinal);
        var topModels = page.FindAll("#top-models tbody th").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal([usage.ModelBName, usage.ModelAName], topModels);
        Assert.Contains(usage.ModelBName + ": 165,000 tokens", page.Text("#top-models-chart-desc"), StringComparison.Ordinal);

        var errors = page.FindAll("#latest-errors tbody tr").ToList();
        Assert.Equal(10, errors.Count);
        Assert.Equal("Error 11 <script>alert(1)</script><b>bold</b>", errors[0].Children[2].TextContent);
        // In the app's time zone, as on the monitoring page, and named.
        var newest = TimeZoneInfo.ConvertTimeFromUtc(UsageApp.At(today, 2).AddMinutes(11), UsageApp.TimeZone);
        Assert.Equal(newest.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), errors[0].Children[0].TextContent.Trim());
        Assert.Contains(UsageApp.Zone, page.Text("#latest-errors thead"), StringComparison.Ordinal);
        Assert.Empty(page.FindAll("#latest-errors script, #latest-errors b"));
        Assert.DoesNotContain("A warning", page.Text("main"), StringComparison.Ordinal);
        // People: the admin, the user, Ada and Bo; the two signed in are active.
        var stats = page.FindAll("#people-title ~ .stats div").ToDictionary(d => d.QuerySelector("dt")!.TextContent, d => d.QuerySelector("dd")!.TextContent);
        Assert.Equal("4", stats["People"]);
        Assert.Equal("2", stats["Active in the last day"]);
        Assert.Equal("2", stats["Active in the last 7 days"]);
    }

    [Fact]
    public async Task ALongModelNameIsShortenedInTheChartSoItsFigureShowsAndIsWholeInTheTextAlternative()
    {
        await using var usage = await UsageApp.StartAsync();
        var longName = usage.ModelAName + " Instruct, quantised to eight bits, with a very long name";
        await usage.App.WithDbAsync(async db =>
        {
            (await db.AiModels.FindAsync(usage.ModelA))!.DisplayName = longName;
            await db.SaveChangesAsync();
            return true;
        });
        await usage.AddAsync(UsageApp.Log(usage.AdaId, usage.ModelA, UsageApp.At(UsageApp.Today, 1), 1000, 234));

        var page = await usage.Admin.GetAsync("/admin");

        var label = page.Text("#top-models-chart-title ~ text");
        Assert.EndsWith("…: 1,234 tokens", label, StringComparison.Ordinal);
        Assert.True(label.Length <= LlmPages.Usage.UsageCharts.Bars.MaxLabelLength, $"“{label}” is longer than the chart is wide.");
        Assert.Contains(longName + ": 1,234 tokens", page.Text("#top-models-chart-desc"), StringComparison.Ordinal);
        Assert.Equal([longName], page.FindAll("#top-models tbody th").Select(c => c.TextContent.Trim()));
    }
}

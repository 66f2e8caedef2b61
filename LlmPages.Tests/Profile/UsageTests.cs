using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Profile;

/// <summary>
/// The profile shows this month's requests and tokens per model (the month of the app's time zone, which it names) as a
/// chart with a text alternative and as a table with the same numbers; before any use, it says so.
/// </summary>
public sealed class UsageTests
{
    [Fact]
    public async Task APersonWithoutUsageIsToldSo()
    {
        await using var app = new AppFactory();
        using var user = app.CreateHtmlClient();
        await user.RegisterAsync(Infrastructure.Accounts.NewEmail("idle"));

        var page = await user.GetAsync("/profile");

        Assert.Contains("You have not used any model yet this month.", page.Text("main"), StringComparison.Ordinal);
        Assert.Null(page.Find("svg"));
        Assert.Contains("UTC time zone", page.Text("main"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AModelNameTooLongForTheChartIsShortenedThereAndWholeInItsTextAndTable()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false" });
        var email = Infrastructure.Accounts.NewEmail("long-name");
        using var user = chat.App.CreateHtmlClient();
        await user.RegisterAsync(email);
        var userId = await chat.App.UserIdAsync(email);
        var longName = "A model with a very long display name that never ends " + new string('x', 40);
        await chat.App.WithDbAsync(async db =>
        {
            var model = await db.AiModels.FirstAsync();
            model.DisplayName = longName;
            db.UsageLogs.Add(Log(userId, model.Id, 1200, 34, DateTime.UtcNow));
            await db.SaveChangesAsync();
            return true;
        });

        var page = await user.GetAsync("/profile");

        var shown = page.Text("svg text");
        Assert.EndsWith("…: 1,234 tokens", shown, StringComparison.Ordinal);
        Assert.True(shown.Length <= LlmPages.Usage.UsageCharts.Bars.MaxLabelLength, shown);
        Assert.Contains($"{longName}: 1,234 tokens", page.Text("svg desc"), StringComparison.Ordinal);
        Assert.Equal(longName, page.Text("#usage-caption ~ tbody th"));
    }

    [Fact]
    public async Task ThisMonthsUsagePerModelIsAChartAndATableWithTheSameNumbers()
    {
        // UTC+14: its month begins on the last day of the previous UTC month, at 10:00.
        const string zoneName = "Pacific/Kiritimati";
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?>
        {
            ["LlmPages:TimeZone"] = zoneName,
            ["LlmPages:Jobs:RunServer"] = "false",
        });
        var email = Infrastructure.Accounts.NewEmail("counted");
        using var user = chat.App.CreateHtmlClient();
        await user.RegisterAsync(email);
        var conversation = (await user.StartChatAsync("Count me")).ConversationId();
        await chat.App.WaitForReplyAsync((await chat.App.MessagesAsync(conversation))[^1].Id);
        using var other = await chat.NewUserAsync();
        var userId = await chat.App.UserIdAsync(email);
        var otherId = await chat.App.UserIdAsync((await other.GetAsync("/profile")).Find("#Input_Email")!.GetAttribute("value")!);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneName);
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, zone);
        var monthStart = TimeZoneInfo.ConvertTimeToUtc(new DateTime(local.Year, local.Month, 1), zone);
        await chat.App.WithDbAsync(async db =>
        {
            var modelId = await db.AiModels.Select(m => m.Id).FirstAsync();
            db.UsageLogs.AddRange(
                Log(userId, modelId, 100, 50, monthStart.AddMinutes(1)), // this month, in the zone
                Log(userId, modelId, 1000, 1000, monthStart.AddMinutes(-1)), // last month in the zone (this month in UTC, some days)
                Log(userId, null, 7, 3, monthStart.AddMinutes(2)), // a model since removed
                Log(otherId, modelId, 5000, 5000, monthStart.AddMinutes(3))); // someone else's
            await db.SaveChangesAsync();
            return true;
        });
        var fromTheReply = await chat.App.WithDbAsync(db => db.UsageLogs.Where(l => l.UserId == userId && l.ConversationId == conversation)
            .Select(l => l.PromptTokens + l.CompletionTokens).SingleAsync());

        var page = await user.GetAsync("/profile");

        var rows = page.FindAll("#usage-caption ~ tbody tr").Select(r => r.Children.Select(c => c.TextContent.Trim()).ToList()).ToList();
        var fake = rows.Single(r => r[0] == ChatApp.ModelName);
        Assert.Equal("2", fake[1]);
        Assert.Equal((150 + fromTheReply).ToString("N0", System.Globalization.CultureInfo.InvariantCulture), fake[4]);
        Assert.Equal(["A model since removed", "1", "7", "3", "10"], rows.Single(r => r[0] == "A model since removed"));
        Assert.Equal(2, rows.Count);
        var description = page.Text("svg desc");
        Assert.Contains($"{ChatApp.ModelName}: {fake[4]} tokens", description, StringComparison.Ordinal);
        Assert.Contains("A model since removed: 10 tokens", description, StringComparison.Ordinal);
        Assert.StartsWith("3 requests and ", page.Text("figure.usage figcaption"), StringComparison.Ordinal);
        Assert.Equal(2, page.FindAll("svg rect").Count());
        Assert.Equal("svg", page.Find("svg[role=img][aria-labelledby]")!.LocalName);
        Assert.Contains(zoneName, page.Text("main"), StringComparison.Ordinal);
        Assert.Contains(new DateTime(local.Year, local.Month, 1).ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture), page.Text("#usage"), StringComparison.Ordinal);
    }

    private static UsageLog Log(string userId, int? modelId, int prompt, int completion, DateTime at) => new()
    {
        UserId = userId,
        ModelId = modelId,
        PromptTokens = prompt,
        CompletionTokens = completion,
        Status = MessageStatus.Complete,
        CreatedAt = at,
    };
}

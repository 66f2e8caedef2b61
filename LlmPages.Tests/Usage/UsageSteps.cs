using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using LlmPages.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LlmPages.Tests.Usage;

/// <summary>An app on a fake clock with two models and two people, usage rows written straight into its database, and the rollup run on demand.</summary>
internal sealed class UsageApp : IAsyncDisposable
{
    /// <summary>UTC+14: its days begin at 10:00 UTC the day before, so a day cut in UTC would be wrong.</summary>
    public const string Zone = "Pacific/Kiritimati";

    /// <summary>
    /// 17:00 of today in the zone: a fixed hour, so a run near midnight cannot cross days, and near the real time, as the
    /// cookies' expiry is checked against the real clock.
    /// </summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(At(Today, 17)));
    public AppFactory App { get; }
    public HtmlClient Admin { get; private set; } = null!;
    public HtmlClient User { get; private set; } = null!;
    public int ModelA { get; private set; }
    public int ModelB { get; private set; }
    public string AdaId { get; private set; } = "";
    public string BoId { get; private set; } = "";
    public string ModelAName { get; } = AdminSteps.Unique("Alpha");
    public string ModelBName { get; } = AdminSteps.Unique("Beta");

    private UsageApp(string zone)
    {
        App = new AppFactory { Clock = Clock };
        App.Settings["LlmPages:TimeZone"] = zone;
        App.Settings["LlmPages:Jobs:RunServer"] = "false";
    }

    public static TimeZoneInfo TimeZone => TimeZoneInfo.FindSystemTimeZoneById(Zone);

    public static async Task<UsageApp> StartAsync(string zone = Zone)
    {
        var usage = new UsageApp(zone);
        (usage.Admin, usage.User) = await usage.App.AdminAndUserAsync();
        await usage.App.WithDbAsync(async db =>
        {
            var type = await db.AiTypes.FirstAsync();
            var provider = new AiProvider { Name = AdminSteps.Unique("Usage provider"), Kind = ProviderKind.OpenAiCompatible, BaseUrl = "http://127.0.0.1:1/v1", AiTypeId = type.Id };
            var a = new AiModel { Provider = provider, WireModelId = "alpha", DisplayName = usage.ModelAName, ContextWindow = 8192, MaxOutputTokens = 1024 };
            var b = new AiModel { Provider = provider, WireModelId = "beta", DisplayName = usage.ModelBName, ContextWindow = 8192, MaxOutputTokens = 1024 };
            var ada = new AppUser { UserName = "ada@example.test", Email = "ada@example.test", DisplayName = "Ada Lovelace" };
            var bo = new AppUser { UserName = "bo@example.test", Email = "bo@example.test", DisplayName = "=Bo, \"the\" tester" };
            db.AddRange(a, b, ada, bo);
            await db.SaveChangesAsync();
            (usage.ModelA, usage.ModelB, usage.AdaId, usage.BoId) = (a.Id, b.Id, ada.Id, bo.Id);
            return true;
        });
        return usage;
    }

    /// <summary>The UTC time of <paramref name="hour"/>:<paramref name="minute"/> on <paramref name="day"/> in the zone.</summary>
    public static DateTime At(DateOnly day, int hour, int minute = 0) =>
        DateTime.SpecifyKind(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(hour, minute)), TimeZone), DateTimeKind.Utc);

    public static DateOnly Today { get; } = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, TimeZone));

    public static UsageLog Log(string? userId, int? modelId, DateTime at, int prompt = 10, int completion = 20,
        MessageStatus status = MessageStatus.Complete, decimal? cost = null, int? firstToken = null, int? duration = null) =>
        new()
        {
            UserId = userId,
            ModelId = modelId,
            CreatedAt = at,
            PromptTokens = prompt,
            CompletionTokens = completion,
            Status = status,
            Cost = cost,
            TimeToFirstTokenMs = firstToken,
            DurationMs = duration,
        };

    public Task AddAsync(params UsageLog[] logs) => App.WithDbAsync(async db =>
    {
        db.UsageLogs.AddRange(logs);
        await db.SaveChangesAsync();
        return true;
    });

    public async Task RollUpAsync()
    {
        using var scope = App.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<UsageRollup>().RunAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        Admin?.Dispose();
        User?.Dispose();
        await App.DisposeAsync();
    }
}

using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmPages.Tests.Monitoring;

internal static class MonitoringSteps
{
    /// <summary>The category the tests log under, so that their rows are told apart from the app's own.</summary>
    public const string Category = "Tests.Monitoring";

    public static ILogger Logger(this AppFactory app, string category = Category) =>
        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(category);

    /// <summary>The rows whose message contains <paramref name="marker"/>, once there are <paramref name="count"/> of them.</summary>
    public static async Task<List<MonitoringLog>> WaitForRowsAsync(this AppFactory app, string marker, int count = 1)
    {
        var rows = new List<MonitoringLog>();
        await WaitUntilAsync(async () =>
        {
            rows = await app.WithDbAsync(db => db.MonitoringLogs.AsNoTracking().Where(l => l.Message.Contains(marker)).OrderBy(l => l.Id).ToListAsync());
            return rows.Count >= count;
        }, $"{count} monitoring rows with “{marker}”");
        return rows;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds (the writer works in the background), or fails after 30 seconds.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited 30 seconds for {what}.");
            }
            await Task.Delay(20);
        }
    }
}

using Hangfire;
using Hangfire.Storage;
using LlmPages.Data.Entities;
using LlmPages.Jobs;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.Monitoring;

/// <summary>The retention job removes monitoring and audit rows older than the configured days, and only those, a batch at a time.</summary>
public sealed class RetentionTests
{
    [Fact]
    public async Task RowsOlderThanTheRetentionAreRemovedInBatchesAndYoungerOnesKept()
    {
        using var app = new AppFactory();
        app.Settings["LlmPages:Monitoring:RetentionDays"] = "30";
        app.Settings["LlmPages:Monitoring:RetentionBatchSize"] = "2";
        var marker = Guid.NewGuid().ToString("N");
        var now = DateTime.UtcNow;
        await app.WithDbAsync(async db =>
        {
            foreach (var (age, i) in new[] { 31, 31, 45, 400, 31, 29, 29 }.Select((a, i) => (a, i)))
            {
                db.MonitoringLogs.Add(new MonitoringLog { CreatedAt = now.AddDays(-age), Level = "Error", Category = "Tests", Message = $"{marker} {age} {i}" });
                db.AuditEvents.Add(new AuditEvent { CreatedAt = now.AddDays(-age), Action = "test.old", TargetType = "Test", TargetId = marker, Details = $"{age} {i}" });
            }
            return await db.SaveChangesAsync();
        });

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var removed = await scope.ServiceProvider.GetRequiredService<MonitoringRetentionJob>().RemoveOldAsync(CancellationToken.None);
            Assert.True(removed >= 10, $"removed {removed}");
        }

        var logs = await app.WithDbAsync(db => db.MonitoringLogs.Where(l => l.Message.StartsWith(marker)).Select(l => l.Message).ToListAsync());
        var audits = await app.WithDbAsync(db => db.AuditEvents.Where(e => e.TargetId == marker).Select(e => e.Details).ToListAsync());
        Assert.Equal([$"{marker} 29 5", $"{marker} 29 6"], logs.Order());
        Assert.Equal(["29 5", "29 6"], audits.Order());
    }

    [Fact]
    public void TheRetentionJobRunsDailyByDefault()
    {
        using var app = new AppFactory();
        _ = app.Server;
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();

        var job = connection.GetRecurringJobs().Single(j => j.Id == MonitoringRetentionJob.RecurringJobId);

        Assert.Equal("41 3 * * *", job.Cron);
        Assert.Equal(nameof(MonitoringRetentionJob.RemoveOldAsync), job.Job.Method.Name);
    }
}

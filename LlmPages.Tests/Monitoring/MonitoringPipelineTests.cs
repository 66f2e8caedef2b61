using System.Collections.Concurrent;
using LlmPages.Data.Entities;
using LlmPages.Monitoring;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmPages.Tests.Monitoring;

/// <summary>What the app logs at Warning and above becomes a monitoring row, through one logger provider and a background writer.</summary>
public sealed class MonitoringPipelineTests
{
    [Fact]
    public async Task AWarningBecomesARowWithItsCategoryMessageAndException()
    {
        using var app = new AppFactory();
        var marker = Guid.NewGuid().ToString("N");

        app.Logger().LogWarning(new InvalidOperationException("inner trouble"), "Something odd {Marker}", marker);

        var row = Assert.Single(await app.WaitForRowsAsync(marker));
        Assert.Equal("Warning", row.Level);
        Assert.Equal(MonitoringSteps.Category, row.Category);
        Assert.Equal($"Something odd {marker}", row.Message);
        Assert.Contains("System.InvalidOperationException: inner trouble", row.Exception);
    }

    [Fact]
    public async Task EntriesBelowTheMinimumLevelAreNotKeptAndTheMinimumCanBeLowered()
    {
        using var app = new AppFactory();
        app.Settings["LlmPages:Monitoring:MinimumLevel"] = "Information";
        var marker = Guid.NewGuid().ToString("N");

        app.Logger().LogDebug("Debug {Marker}", marker);
        app.Logger().LogInformation("Information {Marker}", marker);

        var row = Assert.Single(await app.WaitForRowsAsync(marker));
        Assert.Equal("Information", row.Level);
    }

    [Fact]
    public async Task AFailingModelServerLeavesAProviderFailureRowNamingTheModelAndThePerson()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var reply = await chat.SendWhileScriptedAsync(user, s => s.FailWithStatus = 500);
        await chat.App.WaitForReplyAsync(reply.ReplyId);

        var row = Assert.Single(await chat.App.WaitForRowsAsync(reply.ReplyId.ToString()));

        Assert.Equal("Warning", row.Level);
        Assert.Equal("LlmPages.Chat.Streaming.GenerationRunner", row.Category);
        Assert.Contains($"({ChatApp.ModelName}) failed", row.Message);
        Assert.EndsWith(": ServerError", row.Message, StringComparison.Ordinal); // the kind of failure, never the server's own words
        var owner = await chat.App.WithDbAsync(db => db.Messages.Where(m => m.Id == reply.ReplyId).Select(m => m.Conversation.OwnerId).SingleAsync());
        Assert.Equal(owner, row.UserId);
    }

    [Fact]
    public async Task AWarningDuringARequestKeepsItsPathTraceIdAndThePersonItIsAbout()
    {
        using var app = new AppFactory();
        app.Settings["LlmPages:Accounts:MaxFailedAttempts"] = "2";
        using var client = app.CreateHtmlClient();
        var email = Infrastructure.Accounts.NewEmail();
        await client.RegisterAsync(email);
        await client.LogoutAsync();
        var id = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

        await client.LoginAsync(email, "wrong password one");
        await client.LoginAsync(email, "wrong password two");

        var row = Assert.Single(await app.WaitForRowsAsync($"User {id} is locked out"));
        Assert.Equal("/account/login", row.RequestPath);
        Assert.Equal(id, row.UserId);
        Assert.Matches("^[0-9a-f]{32}$", row.TraceId);
    }

    [Fact]
    public async Task WhenTheDatabaseRefusesTheRowsTheWriterDropsAndCountsThemAndNeverRecordsItsOwnFailure()
    {
        var refuser = new RefuseMonitoringRows();
        using var app = new AppFactory { TestServices = s => s.AddSingleton<IInterceptor>(refuser) };
        _ = app.Server;
        var logger = app.Logger();

        logger.LogWarning("First {Marker}", "refused-1");
        await MonitoringSteps.WaitUntilAsync(() => Task.FromResult(refuser.Seen("refused-1") && WriterFailed(app, 1)), "the first refusal");
        logger.LogWarning("Second {Marker}", "refused-2");
        await MonitoringSteps.WaitUntilAsync(() => Task.FromResult(refuser.Seen("refused-2") && WriterFailed(app, 2)), "the second refusal");

        // Each refusal was logged (to the other loggers), and none of those lines, nor EF's about the failed save (which
        // quote the refusal), was ever offered to the database as a row: no loop.
        Assert.DoesNotContain(refuser.Categories, c => c.StartsWith("LlmPages.Monitoring", StringComparison.Ordinal));
        Assert.DoesNotContain(refuser.Texts, t => t.Contains(RefuseMonitoringRows.Refusal, StringComparison.Ordinal));
        Assert.True(app.Services.GetRequiredService<MonitoringQueue>().Dropped >= 2);
    }

    [Fact]
    public async Task WhatIsQueuedWhenTheAppStopsIsWrittenBeforeItGoes()
    {
        var holder = new HoldMonitoringRowsUntilStopping();
        var first = new AppFactory { KeepDataFolder = true, TestServices = s => s.AddSingleton<IInterceptor>(holder) };
        _ = first.Server;
        first.Logger().LogWarning("Held {Marker}", "held-1");
        await MonitoringSteps.WaitUntilAsync(() => Task.FromResult(holder.Holding), "the writer to be held");
        first.Logger().LogWarning("Queued {Marker}", "queued-at-stop");

        first.Dispose();

        using var second = new AppFactory { DataFolder = first.DataFolder };
        var rows = await second.WithDbAsync(db => db.MonitoringLogs.AsNoTracking()
            .Where(l => l.Message.Contains("held-1") || l.Message.Contains("queued-at-stop")).Select(l => l.Message).ToListAsync());
        Assert.Equal(["Held held-1", "Queued queued-at-stop"], rows.Order());
    }

    private static bool WriterFailed(AppFactory app, int times) =>
        app.Logs.Count(l => l.Contains("monitoring entries; they are dropped", StringComparison.Ordinal)) >= times;

    /// <summary>A database that refuses every monitoring row, noting what it was offered.</summary>
    private sealed class RefuseMonitoringRows : SaveChangesInterceptor
    {
        private readonly ConcurrentQueue<MonitoringLog> offered = new();

        public const string Refusal = "The test database refuses monitoring rows.";

        public IEnumerable<string> Categories => offered.Select(l => l.Category);

        /// <summary>The message and exception of every row offered.</summary>
        public IEnumerable<string> Texts => offered.Select(l => l.Message + "\n" + l.Exception);

        public bool Seen(string marker) => offered.Any(l => l.Message.Contains(marker, StringComparison.Ordinal));

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            var rows = eventData.Context!.ChangeTracker.Entries<MonitoringLog>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
            if (rows.Count > 0)
            {
                foreach (var row in rows)
                {
                    offered.Enqueue(row);
                }
                throw new DbUpdateException(Refusal);
            }
            return ValueTask.FromResult(result);
        }
    }

    /// <summary>
    /// Holds the writer's first write until the writer is told to stop (its save's token is the writer's stopping token),
    /// so that what is logged meanwhile is still queued when it stops.
    /// </summary>
    private sealed class HoldMonitoringRowsUntilStopping : SaveChangesInterceptor
    {
        private int held;

        public bool Holding => Volatile.Read(ref held) == 1;

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context!.ChangeTracker.Entries<MonitoringLog>().Any(e => e.Entity.Message.Contains("held-1", StringComparison.Ordinal))
                && Interlocked.CompareExchange(ref held, 1, 0) == 0)
            {
                var stopping = new TaskCompletionSource();
                using (cancellationToken.Register(() => stopping.TrySetResult()))
                {
                    await stopping.Task;
                }
            }
            return result;
        }
    }
}

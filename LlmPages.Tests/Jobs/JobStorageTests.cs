using Hangfire;
using LlmPages.Data.Entities;
using LlmPages.Jobs;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LlmPages.Tests.Jobs;

/// <summary>
/// Hangfire keeps its jobs where the database engine says: a file beside SQLite's database, or a schema of its own in
/// PostgreSQL's database (so that several instances share one queue). Either way the job server runs the jobs.
/// </summary>
public sealed class JobStorageTests
{
    [Fact]
    public async Task TheJobServerRunsTheHealthCheckAndTheProvidersHealthIsRecorded()
    {
        await using var chat = await ChatApp.StartAsync();
        // Its schedule may also come round while the test runs (every five minutes): whichever run comes first will do.
        var triggered = DateTime.UtcNow.AddSeconds(-1);

        chat.App.Services.GetRequiredService<IRecurringJobManager>().Trigger(ProviderHealthJob.RecurringJobId);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        AiProvider provider;
        while (!((provider = await chat.App.ProviderAsync("Fake")).LastHealthCheckedAt >= triggered))
        {
            Assert.True(DateTime.UtcNow < deadline, "The job server did not run the health check within a minute.");
            await Task.Delay(50);
        }
        Assert.Equal(ProviderHealthStatus.Healthy, provider.LastHealthStatus);
    }

    [SqliteFact]
    public void OnSqliteJobsAreKeptInAFileInTheDataFolder()
    {
        using var app = new AppFactory();
        _ = app.Server;

        Assert.True(File.Exists(Path.Combine(app.DataFolder, "hangfire.db")));
    }

    [PostgresFact]
    public async Task OnPostgresJobsAreKeptInTheHangfireSchemaOfTheAppsDatabaseAndNoFileAppears()
    {
        using var app = new AppFactory();
        _ = app.Server;

        Assert.False(File.Exists(Path.Combine(app.DataFolder, "hangfire.db")));
        await using var connection = new NpgsqlConnection(TestDatabase.CreateFor(app.DataFolder));
        await connection.OpenAsync();
        await using var tables = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'hangfire'", connection);
        Assert.True((long)(await tables.ExecuteScalarAsync())! > 0, "The hangfire schema has no tables.");
        // The recurring job registered at start is a row there.
        await using var recurring = new NpgsqlCommand("SELECT count(*) FROM hangfire.set WHERE key = 'recurring-jobs' AND value = @id", connection);
        recurring.Parameters.AddWithValue("id", ProviderHealthJob.RecurringJobId);
        Assert.Equal(1L, await recurring.ExecuteScalarAsync());
    }
}

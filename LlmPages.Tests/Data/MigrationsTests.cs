using LlmPages.Data;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Data;

public class MigrationsTests
{
    private static readonly string[] AppTables =
    [
        "AspNetUsers", "AspNetRoles", "AspNetUserRoles", "AspNetUserClaims", "AspNetUserLogins", "AspNetUserTokens",
        "AspNetRoleClaims", "UserSettings", "AiTypes", "AiProviders", "AiModels", "SystemPrompts", "Projects",
        "Conversations", "Messages", "UsageLogs", "UsageDailyRollups", "MonitoringLogs", "ModelDailyPerformances", "UsageRollupStates",
        "ApiKeys", "AuditEvents", "__EFMigrationsHistory",
    ];

    [SqliteFact]
    public async Task MigratingAnEmptyDatabaseCreatesEveryTableInWalMode()
    {
        await using var host = TestDataHost.Create();
        Assert.False(File.Exists(host.DatabasePath));

        await host.Host.MigrateDatabaseAsync();

        using var connection = host.OpenRawConnection();
        using var journal = connection.CreateCommand();
        journal.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", journal.ExecuteScalar());

        using var list = connection.CreateCommand();
        list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table';";
        var tables = new List<string>();
        using (var reader = list.ExecuteReader())
        {
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        using var db = host.NewContext();
        var modelTables = db.Model.GetEntityTypes().Select(t => t.GetTableName()!).Distinct();
        Assert.All(AppTables.Concat(modelTables), table => Assert.Contains(table, tables));
    }

    [Fact]
    public async Task TheMigrationsMatchTheModel()
    {
        await using var host = await TestDataHost.StartAsync();
        using var db = host.NewContext();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed: add a migration (see AppDbContext).");
    }

    [Fact]
    public async Task MigratingAnUpToDateDatabaseAgainChangesNothing()
    {
        await using var host = await TestDataHost.StartAsync();

        await host.Host.MigrateDatabaseAsync();

        using var db = host.NewContext();
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
    }

    [SqliteFact]
    public async Task EveryConnectionWaitsForOtherWritersAndEnforcesForeignKeys()
    {
        await using var host = await TestDataHost.StartAsync();
        using var db = host.NewContext();

        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();

        Assert.Equal(5000L, Pragma("busy_timeout"));
        Assert.Equal(1L, Pragma("foreign_keys"));
        Assert.Equal(1L, Pragma("synchronous")); // NORMAL

        long Pragma(string name)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA {name};";
            return (long)command.ExecuteScalar()!;
        }
    }
}

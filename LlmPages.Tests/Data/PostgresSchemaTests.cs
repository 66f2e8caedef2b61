using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Data;

/// <summary>PostgreSQL's own migrations create every table of the model; times are kept alike on both engines.</summary>
public sealed class PostgresSchemaTests
{
    [PostgresFact]
    public async Task MigratingAnEmptyPostgresDatabaseCreatesEveryTableOfTheModel()
    {
        await using var host = await TestDataHost.StartAsync();
        using var db = host.NewContext();

        var tables = await db.Database
            .SqlQueryRaw<string>("SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public'")
            .ToListAsync();

        var modelTables = db.Model.GetEntityTypes().Select(t => t.GetTableName()!).Distinct().Append("__EFMigrationsHistory");
        Assert.All(modelTables, table => Assert.Contains(table, tables));
        Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", db.Database.ProviderName);
    }

    /// <summary>On either engine: both keep microseconds, so times compare and order alike.</summary>
    [Fact]
    public async Task TimesComeBackInUtcToTheMicrosecond()
    {
        await using var host = await TestDataHost.StartAsync();
        var written = new DateTime(2026, 11, 28, 12, 34, 56, DateTimeKind.Utc).AddTicks(1_234_567);
        using (var db = host.NewContext())
        {
            var user = TestData.User();
            user.CreatedAt = written;
            db.Add(user);
            await db.SaveChangesAsync();
        }

        using var check = host.NewContext();
        var read = await check.Users.Select(u => u.CreatedAt).SingleAsync();
        Assert.Equal(DateTimeKind.Utc, read.Kind);
        Assert.Equal(written.AddTicks(-(written.Ticks % TimeSpan.TicksPerMicrosecond)), read);
    }
}

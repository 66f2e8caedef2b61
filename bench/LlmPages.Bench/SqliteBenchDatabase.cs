using LlmPages.Data;
using LlmPages.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Bench;

/// <summary>SQLite: the app's own file in its data folder, where it is by default; seeding writes beside the app (WAL lets both work at once).</summary>
public sealed class SqliteBenchDatabase : BenchDatabase
{
    public override string DisplayName => "SQLite";

    public override IEnumerable<KeyValuePair<string, string>> AppEnvironment(string dataFolder) => [];

    public override AppDbContext OpenContext(string dataFolder) =>
        new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>()
            .UseSqlite($"Data Source={Path.Combine(dataFolder, "llmpages.db")};Default Timeout=30").Options);
}

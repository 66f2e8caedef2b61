using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace LlmPages.Data.Sqlite;

/// <summary><see cref="AppDbContext"/> on SQLite: the owner of <c>Data/Migrations/Sqlite</c>.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options)
{
    /// <summary>SQLite's default, said anyway so that the schema shows it: memcmp over the UTF-8 text.</summary>
    protected override string BinaryCollation => "BINARY";
}

/// <summary>Lets <c>dotnet ef migrations add --context SqliteAppDbContext</c> build the context without running the app.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

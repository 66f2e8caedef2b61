using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace LlmPages.Data.Postgres;

/// <summary><see cref="AppDbContext"/> on PostgreSQL: the owner of <c>Data/Migrations/Postgres</c>.</summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options)
{
    /// <summary>
    /// "C" compares the bytes of the UTF-8 text, as SQLite does, whatever locale the database was created with (en_US.UTF-8
    /// would put "Ärzte" between "alpha" and "Beta").
    /// </summary>
    protected override string BinaryCollation => "C";
}

/// <summary>Lets <c>dotnet ef migrations add --context PostgresAppDbContext</c> build the context; no server is needed.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=localhost;Database=llmpages").Options);
}

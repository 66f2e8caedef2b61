using Microsoft.Data.Sqlite;
using Npgsql;

namespace LlmPages.Data;

/// <summary>
/// Which database to use. Section <c>LlmPages:Database</c>; env vars <c>LlmPages__Database__Provider</c> and
/// <c>LlmPages__Database__ConnectionString</c>. Checked on start by <see cref="DatabaseOptionsValidator"/>.
/// </summary>
public sealed class DatabaseOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "LlmPages:Database";

    /// <summary>The database engine; SQLite unless configured otherwise.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// The connection string. Optional for SQLite, where it defaults to <c>Data Source={DataFolder}/llmpages.db</c>;
    /// required for PostgreSQL.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// How long start-up waits for a PostgreSQL server that does not answer yet (a database container starting beside
    /// the app) before giving up with a message.
    /// </summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The PostgreSQL connection string (validated on start by <see cref="DatabaseOptionsValidator"/>).</summary>
    public string GetPostgresConnectionString()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        // Name the app in pg_stat_activity, so an operator can tell its connections apart.
        builder.ApplicationName ??= "LlmPages";
        return builder.ToString();
    }

    /// <summary>"host:port/database as user", for messages: never the password.</summary>
    public string DescribeServer()
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
            return $"“{builder.Database ?? builder.Username ?? "postgres"}” on {builder.Host}:{builder.Port}{(builder.Username is { } user ? $" as {user}" : "")}";
        }
        catch (ArgumentException)
        {
            return "(unreadable connection string)";
        }
    }

    /// <summary>The SQLite connection string to use, given the resolved data folder.</summary>
    public string GetSqliteConnectionString(DataOptions data)
    {
        var builder = string.IsNullOrWhiteSpace(ConnectionString)
            ? new SqliteConnectionStringBuilder { DataSource = Path.Combine(data.DataFolder, "llmpages.db") }
            : new SqliteConnectionStringBuilder(ConnectionString);

        // Foreign keys are always enforced, by SqlitePragmaInterceptor once per native connection: said here, Microsoft.Data.Sqlite
        // would run the pragma again on every open, and EF opens the connection for every query.
        builder.ForeignKeys = null;
        return builder.ToString();
    }
}

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
        // The statements used again and again (each page's queries, an API call's key and limits) are prepared on each
        // connection after a few uses, so the server parses and plans them once: on the bench's API calls the key's
        // check went from 1.5 to 0.8 ms, the limits' batch from 1.2 to 0.6 ms. A connection string that says itself
        // (0 turns it off, for a pooler in front of the server that cannot keep prepared statements) is followed.
        if (!Names(ConnectionString, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }
        return builder.ToString();
    }

    private static bool Names(string? connectionString, params string[] keywords)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString ?? "" };
        return keywords.Any(given.ContainsKey);
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

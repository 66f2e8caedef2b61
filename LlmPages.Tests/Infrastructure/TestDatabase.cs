using System.Security.Cryptography;
using System.Text;
using LlmPages.Data.Postgres;
using LlmPages.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LlmPages.Tests.Infrastructure;

/// <summary>
/// Which database engine the suite runs on: SQLite (a file in each test app's data folder) unless
/// <c>LLMPAGES_TEST_POSTGRES</c> names a PostgreSQL server (<c>tools/postgres-for-tests.sh</c> starts one), in which
/// case every test app gets a database of its own on it, named after its data folder, so an app restarted on the same
/// folder finds its data again, copied from a database already migrated. Those databases sort text by ICU's root collation ("alpha", "Ärzte", "Beta"), as a
/// server set up for a language would, so a list the database sorts by its own locale shows up as unlike SQLite's.
/// </summary>
public static class TestDatabase
{
    /// <summary>The server's connection string (no database), or null on SQLite.</summary>
    public static string? PostgresServer { get; } = Environment.GetEnvironmentVariable("LLMPAGES_TEST_POSTGRES") is { Length: > 0 } server ? server : null;

    public static bool IsPostgres => PostgresServer is not null;

    /// <summary>
    /// The settings that put an app with this data folder on the suite's engine (none for SQLite): on PostgreSQL its
    /// database, and the certificate that protects the key ring kept there (the same for every app of the run).
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string?>> SettingsFor(string dataFolder)
    {
        if (PostgresServer is null)
        {
            yield break;
        }
        yield return new("LlmPages:Database:Provider", "Postgres");
        yield return new("LlmPages:Database:ConnectionString", CreateFor(dataFolder));
        foreach (var setting in TestCertificates.Shared.Settings())
        {
            yield return setting;
        }
    }

    /// <summary>Creates (when missing) the database of this data folder; returns its connection string.</summary>
    public static string CreateFor(string dataFolder)
    {
        var name = NameFor(dataFolder);
        using (var connection = new NpgsqlConnection(ServerConnectionString()))
        {
            connection.Open();
            using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", name);
            if (exists.ExecuteScalar() is null)
            {
                using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE \"{MigratedTemplate.Value}\"", connection);
                create.ExecuteNonQuery();
            }
        }
        return new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name }.ToString();
    }

    /// <summary>
    /// A database with every migration applied and nothing else, which each test database is copied from: a copy takes a
    /// tenth of a second where migrating an empty database took over a second, for each of the hundreds of test apps.
    /// Its name holds a hash of the migrations, so a new migration makes a new one. It is built under a name of its own
    /// and then renamed, so a run never copies a half-built one (another run building the same one at the same moment
    /// loses the rename and drops its copy). A linguistic default collation, as production servers usually have
    /// (en_US.UTF-8 and the like), rather than the test cluster's C.UTF-8, which sorts like SQLite and would hide a list
    /// sorted by the server's locale.
    /// </summary>
    private static readonly Lazy<string> MigratedTemplate = new(() =>
    {
        using var design = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(PostgresServer).Options);
        var migrations = string.Join(",", design.Database.GetMigrations());
        var name = "llmpages_template_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(migrations)))[..24];
        using var connection = new NpgsqlConnection(ServerConnectionString());
        connection.Open();
        using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection))
        {
            exists.Parameters.AddWithValue("name", name);
            if (exists.ExecuteScalar() is not null)
            {
                return name;
            }
        }
        var building = $"{name}_{Guid.NewGuid():N}"[..63];
        using (var create = new NpgsqlCommand($"CREATE DATABASE \"{building}\" TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'und'", connection))
        {
            create.ExecuteNonQuery();
        }
        var target = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = building, Pooling = false }.ToString();
        using (var db = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(target).Options))
        {
            db.Database.Migrate();
        }
        try
        {
            using var rename = new NpgsqlCommand($"ALTER DATABASE \"{building}\" RENAME TO \"{name}\"", connection);
            rename.ExecuteNonQuery();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            using var drop = new NpgsqlCommand($"DROP DATABASE \"{building}\" WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }
        return name;
    });

    /// <summary>
    /// On SQLite, puts a copy of a database already migrated at <paramref name="databasePath"/>, unless a database is
    /// there already (a restart, or a test that made its own): copying takes no time where migrating took a fifth of a
    /// second of CPU for each of the hundreds of test apps. The app's start-up then finds every migration applied.
    /// </summary>
    public static void CopySqliteTemplateTo(string databasePath)
    {
        if (IsPostgres || File.Exists(databasePath))
        {
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
        File.Copy(SqliteTemplate.Value, databasePath);
    }

    /// <summary>
    /// The migrated SQLite database the test apps start from, named after a hash of the migrations and of the app's build
    /// (a migration edited in place during development must not be served stale); built under a name
    /// of its own, without pooling (so the file is whole once closed), then moved into place.
    /// </summary>
    private static readonly Lazy<string> SqliteTemplate = new(() =>
    {
        var folder = Path.Combine(Path.GetTempPath(), "llmpages-tests");
        Directory.CreateDirectory(folder);
        using var design = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=:memory:").Options);
        var migrations = string.Join(",", design.Database.GetMigrations()) + typeof(SqliteAppDbContext).Assembly.ManifestModule.ModuleVersionId;
        var path = Path.Combine(folder, "template-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(migrations)))[..24] + ".db");
        if (File.Exists(path))
        {
            return path;
        }
        var building = Path.Combine(folder, $"building-{Guid.NewGuid():N}.db");
        using (var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={building};Pooling=False").Options))
        {
            db.Database.Migrate();
        }
        try
        {
            File.Move(building, path);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(building);
        }
        return path;
    });

    /// <summary>
    /// Stops a test app's start-up from comparing the model with the migrations' snapshot before migrating (EF's pending
    /// model changes check, which builds the snapshot's model and diffs it: a fair share of each test app's start-up,
    /// for hundreds of apps). The comparison still guards every run: the migrated templates above are built with EF's
    /// defaults, which fail on a model change without its migration, and MigrationsTests.TheMigrationsMatchTheModel
    /// asks for it on each engine. The app itself keeps the check.
    /// </summary>
    public static void SkipModelComparisonAtMigration(IServiceCollection services)
    {
        if (IsPostgres)
        {
            services.ConfigureDbContext<PostgresAppDbContext>(IgnorePendingModelChanges, ServiceLifetime.Singleton);
        }
        else
        {
            services.ConfigureDbContext<SqliteAppDbContext>(IgnorePendingModelChanges, ServiceLifetime.Singleton);
        }
    }

    private static void IgnorePendingModelChanges(IServiceProvider services, DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(warnings => warnings.Ignore(RelationalEventId.PendingModelChangesWarning));

    /// <summary>Drops the database of this data folder, closing whatever still uses it.</summary>
    public static void DropFor(string dataFolder)
    {
        if (PostgresServer is null)
        {
            return;
        }
        var name = NameFor(dataFolder);
        using (var pooled = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name }.ToString()))
        {
            NpgsqlConnection.ClearPool(pooled);
        }
        using var connection = new NpgsqlConnection(ServerConnectionString());
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }

    /// <summary>
    /// Loses the Data Protection key ring of the app with this data folder (stopped), as a new volume or an emptied table
    /// would: whatever it encrypted can no longer be read. The ring is the folder's <c>keys/</c> on SQLite, a table on
    /// PostgreSQL.
    /// </summary>
    public static void LoseKeyRingOf(string dataFolder)
    {
        if (PostgresServer is null)
        {
            Directory.Delete(Path.Combine(dataFolder, "keys"), recursive: true);
            return;
        }
        using var connection = new NpgsqlConnection(CreateFor(dataFolder));
        connection.Open();
        using var delete = new NpgsqlCommand("DELETE FROM \"DataProtectionKeys\"", connection);
        delete.ExecuteNonQuery();
    }

    /// <summary>Makes the database of this data folder refuse every connection, and closes the ones it has.</summary>
    public static void RefuseConnectionsFor(string dataFolder)
    {
        var name = NameFor(dataFolder);
        using var connection = new NpgsqlConnection(ServerConnectionString());
        connection.Open();
        using var refuse = new NpgsqlCommand(
            $"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false; "
            + "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid();", connection);
        refuse.Parameters.AddWithValue("name", name);
        refuse.ExecuteNonQuery();
    }

    private static string ServerConnectionString() =>
        new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres", Pooling = false }.ToString();

    private static string NameFor(string dataFolder) =>
        "llmpages_test_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataFolder))))[..24];
}

/// <summary>A fact about SQLite itself (its files, its pragmas): skipped when the suite runs on PostgreSQL.</summary>
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute()
    {
        if (TestDatabase.IsPostgres)
        {
            Skip = "About SQLite only; the suite is running on PostgreSQL.";
        }
    }
}

/// <summary>A fact about PostgreSQL itself: skipped unless the suite runs on it (LLMPAGES_TEST_POSTGRES).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestDatabase.IsPostgres)
        {
            Skip = "Needs PostgreSQL: set LLMPAGES_TEST_POSTGRES (see tools/postgres-for-tests.sh).";
        }
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LlmPages.Data;
using LlmPages.Data.Postgres;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LlmPages.Bench;

/// <summary>
/// PostgreSQL: a fresh database on the given server, made for the run and dropped after it, so every run starts
/// empty like SQLite's fresh data folder. While replies stream it reads the CPU of the database's server processes
/// (from <c>/proc</c>, when the server runs on this machine) and which transactions last wrote the streaming replies
/// (their rows' <c>xmin</c>). Not the server's statistics views: they publish a connection's counts up to 10 s late.
/// </summary>
public sealed class PostgresBenchDatabase : BenchDatabase
{
    // Linux counts process CPU time in clock ticks of 1/100 s (USER_HZ) on every architecture .NET runs on.
    private const double TicksPerSecond = 100;

    private readonly string server;
    private readonly string name;
    private readonly NpgsqlDataSource probe; // the benchmark's own connection to the run's database
    private readonly CancellationTokenSource stopListening = new();
    private Task? listening;
    private NpgsqlConnection? listener;
    private long notifications;

    /// <summary>The app's channel between instances (its <c>PostgresInstanceChannel.ChannelName</c>).</summary>
    private const string InstanceChannel = "llmpages_instances";

    private PostgresBenchDatabase(string server, string name)
    {
        this.server = server;
        this.name = name;
        probe = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(ConnectionString) { ApplicationName = "LlmPages.Bench", MaxPoolSize = 1 }.ToString());
    }

    public override string DisplayName => "PostgreSQL";

    /// <summary>The run's database on the server.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();

    public static async Task<PostgresBenchDatabase> CreateAsync(string server)
    {
        var name = $"llmpages_bench_{DateTime.UtcNow:yyyyMMdd_HHmmss}_{Guid.NewGuid().ToString("N")[..8]}";
        await using var connection = new NpgsqlConnection(Maintenance(server));
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return new PostgresBenchDatabase(server, name);
    }

    /// <remarks>
    /// With the key ring in the database, the app wants a certificate to protect it (<c>LlmPages:DataProtection</c>):
    /// the run gets a throwaway self-signed one in its data folder. An app that keeps its keys elsewhere ignores it.
    /// </remarks>
    public override IEnumerable<KeyValuePair<string, string>> AppEnvironment(string dataFolder)
    {
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var certificate = Path.Combine(dataFolder, "bench-key-ring.pfx");
        Directory.CreateDirectory(dataFolder);
        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=LlmPages bench key ring", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var selfSigned = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            File.WriteAllBytes(certificate, selfSigned.Export(X509ContentType.Pfx, password));
        }
        return
        [
            new("LlmPages__Database__Provider", "Postgres"),
            new("LlmPages__Database__ConnectionString", ConnectionString),
            new("LlmPages__DataProtection__CertificatePath", certificate),
            new("LlmPages__DataProtection__CertificatePassword", password),
        ];
    }

    public override AppDbContext OpenContext(string dataFolder) =>
        new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(ConnectionString).Options);

    public override async Task<string?> DescribeAsync()
    {
        await using var command = probe.CreateCommand(
            "SELECT current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit'), current_setting('shared_buffers')");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var at = new NpgsqlConnectionStringBuilder(server);
        return $"PostgreSQL {reader.GetString(0).Split(' ')[0]} on {at.Host}:{at.Port} (fsync {reader.GetString(1)}, synchronous_commit {reader.GetString(2)}, shared_buffers {reader.GetString(3)})";
    }

    public override async Task<ServerCpu?> ReadServerCpuAsync()
    {
        await using var command = probe.CreateCommand(
            "SELECT array(SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid())");
        return ProcessesCpu((int[])(await command.ExecuteScalarAsync())!) is { } cpu ? new ServerCpu(cpu) : null;
    }

    /// <remarks>
    /// A row's <c>xmin</c> is the transaction that wrote its current version: when one transaction saves the partial
    /// text of every streaming reply, they all share one.
    /// </remarks>
    public override async Task<StreamingRows?> ReadStreamingRowsAsync()
    {
        await using var command = probe.CreateCommand(
            "SELECT count(*)::int, coalesce(array_agg(DISTINCT xmin::text), '{}') FROM \"Messages\" WHERE \"Status\" = 'Streaming'");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new StreamingRows(reader.GetInt32(0), reader.GetFieldValue<string[]>(1));
    }

    /// <remarks>
    /// Not the statistics views' row and commit counts: an idle connection publishes its counts up to 10 s late, so a
    /// window's totals would hold the work of the seconds before it. The WAL position and the connections are live.
    /// </remarks>
    public override async Task<ServerLoad?> ReadServerLoadAsync()
    {
        listening ??= ListenAsync();
        await using var command = probe.CreateCommand(
            """
            SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint,
                   (SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid())
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new ServerLoad(reader.GetInt64(0), reader.GetInt32(1), Interlocked.Read(ref notifications));
    }

    /// <summary>
    /// Counts the signals the app's instances send each other (a reply saved or ended, Stop: the app's
    /// <c>PostgresInstanceChannel</c>) by listening on their channel as one more instance would, from the first reading on.
    /// </summary>
    private async Task ListenAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { ApplicationName = "LlmPages.Bench listener", Pooling = false }.ToString());
        await connection.OpenAsync();
        connection.Notification += (_, _) => Interlocked.Increment(ref notifications);
        await using (var listen = new NpgsqlCommand($"LISTEN {InstanceChannel}", connection))
        {
            await listen.ExecuteNonQueryAsync();
        }
        listener = connection;
        _ = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await connection.WaitAsync(stopListening.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or NpgsqlException)
            {
                // The run is over.
            }
        });
    }

    /// <summary>The CPU each of these server processes has used; null unless they all run on this machine.</summary>
    private static Dictionary<int, TimeSpan>? ProcessesCpu(int[] pids)
    {
        var cpu = new Dictionary<int, TimeSpan>();
        foreach (var pid in pids)
        {
            try
            {
                if (File.ReadAllText($"/proc/{pid}/comm").Trim() != "postgres")
                {
                    return null;
                }
                // Fields after the command name (which may hold spaces, hence the last ')'): utime and stime are the
                // 12th and 13th of them.
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                cpu[pid] = TimeSpan.FromSeconds(ticks / TicksPerSecond);
            }
            catch (IOException)
            {
                return null; // not on this machine (or the connection just closed)
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
        }
        return cpu;
    }

    public override async ValueTask DisposeAsync()
    {
        await stopListening.CancelAsync();
        if (listener is not null)
        {
            await listener.DisposeAsync();
        }
        stopListening.Dispose();
        await probe.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        if (Environment.GetEnvironmentVariable("BENCH_KEEP_DATA") == "1")
        {
            Console.Error.WriteLine($"Kept the PostgreSQL database: {name}");
            await base.DisposeAsync();
            return;
        }
        await using var connection = new NpgsqlConnection(Maintenance(server));
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
        await base.DisposeAsync();
    }

    private static string Maintenance(string server) =>
        new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ToString();
}

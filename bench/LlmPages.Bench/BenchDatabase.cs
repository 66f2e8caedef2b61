using LlmPages.Data;

namespace LlmPages.Bench;

/// <summary>
/// The database a run puts LlmPages on (<c>--database sqlite</c>, the default, or <c>postgres</c>): the settings that
/// point the app at it, a context for seeding large data straight into it, and what the engine can tell about its own
/// work while replies stream. What differs between the engines stays in the two subclasses.
/// </summary>
public abstract class BenchDatabase : IAsyncDisposable
{
    /// <summary>"SQLite" or "PostgreSQL".</summary>
    public abstract string DisplayName { get; }

    /// <summary>
    /// The app's settings (as environment variables) that put it on this database, given its data folder (which this
    /// may create, to put files the settings name in it).
    /// </summary>
    public abstract IEnumerable<KeyValuePair<string, string>> AppEnvironment(string dataFolder);

    /// <summary>A context on the running app's database, for seeding.</summary>
    public abstract AppDbContext OpenContext(string dataFolder);

    /// <summary>One line about the database server for the table's heading; null prints none (SQLite, as before).</summary>
    public virtual Task<string?> DescribeAsync() => Task.FromResult<string?>(null);

    /// <summary>
    /// The CPU used so far by each server process of the run's database; null where the engine runs inside the app
    /// (SQLite) or the server is not on this machine.
    /// </summary>
    public virtual Task<ServerCpu?> ReadServerCpuAsync() => Task.FromResult<ServerCpu?>(null);

    /// <summary>
    /// The replies saved as still streaming, and the transactions that wrote their rows as they are now; null where
    /// the engine cannot tell.
    /// </summary>
    public virtual Task<StreamingRows?> ReadStreamingRowsAsync() => Task.FromResult<StreamingRows?>(null);

    /// <summary>
    /// The WAL the database server has written so far and the app's connections now; null where there is no server
    /// (SQLite).
    /// </summary>
    public virtual Task<ServerLoad?> ReadServerLoadAsync() => Task.FromResult<ServerLoad?>(null);

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>The database <c>--database</c> names: sqlite or postgres (the server in <c>LLMPAGES_BENCH_POSTGRES</c>).</summary>
    public static async Task<BenchDatabase> CreateForRunAsync(string name) => name.ToLowerInvariant() switch
    {
        "sqlite" => new SqliteBenchDatabase(),
        "postgres" or "postgresql" => await PostgresBenchDatabase.CreateAsync(
            Environment.GetEnvironmentVariable("LLMPAGES_BENCH_POSTGRES") is { Length: > 0 } server ? server
                : throw new InvalidOperationException("--database postgres needs a server: set LLMPAGES_BENCH_POSTGRES to its connection string (bench/run.sh starts a throwaway one when it is unset).")),
        _ => throw new ArgumentException($"--database {name}: use sqlite or postgres."),
    };
}

/// <summary>The CPU each server process of the run's database has used, at one moment.</summary>
public sealed record ServerCpu(IReadOnlyDictionary<int, TimeSpan> ByProcess)
{
    /// <summary>The CPU used since <paramref name="before"/> (a process that started since counts whole).</summary>
    public TimeSpan Since(ServerCpu before) =>
        ByProcess.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Value - before.ByProcess.GetValueOrDefault(p.Key));
}

/// <summary>How many replies are saved as streaming, and the transactions that last wrote their rows.</summary>
public sealed record StreamingRows(int Replies, IReadOnlyList<string> Writers);

/// <summary>
/// A database server at one moment: the WAL it has written in all (the whole cluster: run the benchmark on a server of
/// its own), the app's connections to the run's database, and the notifications between instances heard so far.
/// </summary>
public sealed record ServerLoad(long WalBytes, int Connections, long Notifications);

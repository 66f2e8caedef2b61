using System.Diagnostics;

namespace LlmPages.Tests.Infrastructure;

/// <summary>
/// Counts the round trips the app makes to its PostgreSQL database with SQL that starts with a given text, from
/// Npgsql's own tracing: one activity per command, or per batch of commands sent together. Activities of other
/// tests' databases (they run side by side in this process) are told apart by the database's name.
/// </summary>
public sealed class PostgresRoundTrips : IDisposable
{
    private readonly ActivityListener listener;
    private int count;

    public PostgresRoundTrips(string database, string sqlStart)
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("db.namespace") as string == database
                    && activity.GetTagItem("db.query.text") is string sql && sql.StartsWith(sqlStart, StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref count);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
    }

    /// <summary>Round trips counted so far.</summary>
    public int Count => Volatile.Read(ref count);

    public void Dispose() => listener.Dispose();
}

using LlmPages.Data.Postgres;
using Npgsql;

namespace LlmPages.Tests.Jobs;

/// <summary>
/// What Hangfire recorded in its schema of a PostgreSQL database (<see cref="PostgresEngine.JobsSchema"/>), read the way its
/// dashboard would: the jobs a recurring job created, with their states, and the job servers alive.
/// </summary>
public sealed class HangfireRecords(string connectionString)
{
    private const string Schema = PostgresEngine.JobsSchema;

    /// <summary>Every job the recurring job <paramref name="recurringJobId"/> created, oldest first.</summary>
    public async Task<IReadOnlyList<RecurringRun>> RunsOfAsync(string recurringJobId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // Hangfire keeps a job's parameters as JSON: the recurring job's id as a JSON string, the occurrence's time (the
        // "Time" parameter) as Unix seconds; a Processing state's data names the server whose worker took the job.
        await using var command = new NpgsqlCommand($"""
            SELECT j.id, j.statename,
                (SELECT p.value FROM "{Schema}".jobparameter p WHERE p.jobid = j.id AND p.name = 'Time'),
                ARRAY(SELECT s.data ->> 'ServerId' FROM "{Schema}".state s WHERE s.jobid = j.id AND s.name = 'Processing')
            FROM "{Schema}".job j
            WHERE EXISTS (SELECT 1 FROM "{Schema}".jobparameter p WHERE p.jobid = j.id AND p.name = 'RecurringJobId' AND p.value = @id)
            ORDER BY j.id
            """, connection);
        command.Parameters.AddWithValue("id", System.Text.Json.JsonSerializer.Serialize(recurringJobId));
        var runs = new List<RecurringRun>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            runs.Add(new RecurringRun(
                reader.GetInt64(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                long.Parse(reader.GetString(2), System.Globalization.CultureInfo.InvariantCulture),
                reader.GetFieldValue<string[]>(3)));
        }
        return runs;
    }

    /// <summary>The job servers that have announced themselves and not been removed.</summary>
    public async Task<long> ServerCountAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""SELECT count(*) FROM "{Schema}".server""", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>
/// One job a recurring job created: its current state, the occurrence it was created for (Unix seconds), and the servers
/// whose workers took it to perform it (one per time it was performed).
/// </summary>
public sealed record RecurringRun(long JobId, string? State, long Occurrence, IReadOnlyList<string> PerformedBy);

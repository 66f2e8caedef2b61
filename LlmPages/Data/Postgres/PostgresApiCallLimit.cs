using LlmPages.Api;
using LlmPages.Chat;
using LlmPages.Instances;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LlmPages.Data.Postgres;

/// <summary>
/// The running API calls as rows of <c>RunningApiCalls</c>, so the cap holds across instances. A call enters in one
/// transaction: it locks the person's row (so two calls of one person on two instances take turns, the second seeing the
/// first's row), counts their calls on instances whose lease is valid, and inserts its own row when there is room; it
/// deletes the row when it ends. A dead instance's rows stop counting when its lease expires and are deleted by the
/// cleanup (<see cref="PostgresRateLimitCounter.CleanUpAsync"/>). Fails open, like the rate limits: a database that
/// cannot answer lets the call run, uncounted, with a warning.
/// </summary>
internal sealed partial class PostgresApiCallLimit(
    IOptions<DatabaseOptions> options, IOptions<ChatLimits> limits, InstanceIdentity instance, TimeProvider time, ILogger<PostgresApiCallLimit> logger)
    : ApiCallLimit(limits)
{
    private const string LockSql = """SELECT 1 FROM "AspNetUsers" WHERE "Id" = @user FOR UPDATE""";

    // A statement of its own after the lock: under READ COMMITTED it sees the calls committed while it waited.
    private const string EnterSql = """
        INSERT INTO "RunningApiCalls" ("Id", "UserId", "InstanceId", "StartedAt")
        SELECT @id, @user, @instance, @now
        WHERE (SELECT count(*) FROM "RunningApiCalls" c
               WHERE c."UserId" = @user
                 AND EXISTS (SELECT 1 FROM "InstanceLeases" l WHERE l."Id" = c."InstanceId" AND l."ExpiresAt" > @now)) < @cap
        """;

    private const string LeaveSql = """DELETE FROM "RunningApiCalls" WHERE "Id" = @id""";

    private readonly string connectionString = options.Value.GetPostgresConnectionString();

    public override async ValueTask<IAsyncDisposable?> TryEnterAsync(string userId, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var batch = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands = { new NpgsqlBatchCommand(LockSql), new NpgsqlBatchCommand(EnterSql) },
            };
            batch.BatchCommands[0].Parameters.AddWithValue("user", userId);
            var enter = batch.BatchCommands[1].Parameters;
            enter.AddWithValue("id", id);
            enter.AddWithValue("user", userId);
            enter.AddWithValue("instance", instance.Id);
            enter.AddWithValue("now", time.GetUtcNow().UtcDateTime);
            enter.AddWithValue("cap", (long)Cap);
            await batch.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return batch.BatchCommands[1].RecordsAffected == 1 ? new Place(this, id) : null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailedOpen(logger, e);
            return new Place(null, id);
        }
    }

    private async ValueTask LeaveAsync(Guid id)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(LeaveSql, connection);
            command.Parameters.AddWithValue("id", id);
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception e)
        {
            // The row counts until this instance stops and its lease goes (the cleanup deletes it then).
            LogLeaveFailed(logger, e);
        }
    }

    /// <summary>A running call's row, deleted when disposed (once); none when the database did not answer at its start.</summary>
    private sealed class Place(PostgresApiCallLimit? limit, Guid id) : IAsyncDisposable
    {
        private int left;

        public ValueTask DisposeAsync() =>
            limit is not null && Interlocked.Exchange(ref left, 1) == 0 ? limit.LeaveAsync(id) : ValueTask.CompletedTask;
    }

    [LoggerMessage(1, LogLevel.Warning, "Could not count the running API calls in the database; the call runs uncounted")]
    private static partial void LogFailedOpen(ILogger logger, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "Could not delete an ended API call's row; it counts against its owner until this instance stops")]
    private static partial void LogLeaveFailed(ILogger logger, Exception exception);
}

using LlmPages.Api;
using LlmPages.Chat;
using LlmPages.Instances;
using LlmPages.Web;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LlmPages.Data.Postgres;

/// <summary>
/// The running API calls as rows of <c>RunningApiCalls</c>, so the cap holds across instances, counted with the call's
/// event in its owner's message window (<c>RateLimitWindows</c>, the budget the chat pages' sends share) in one batch:
/// one round trip, one implicit transaction (<see cref="ApiCallLimit.CountsMessageWindow"/>). The batch locks the person's
/// row (so two calls of one person on two instances take turns, the second seeing the first's row), counts the event in
/// the window as the shared rate limiter does (<see cref="PostgresRateLimitCounter.CountSql"/>), then counts their calls
/// on instances whose lease is valid and inserts its own row when the window and the cap have room; the row is deleted
/// when the call ends. A dead instance's rows stop counting when its lease expires and are deleted by the cleanup
/// (<see cref="PostgresRateLimitCounter.CleanUpAsync"/>). Fails open, like the rate limits: a database that cannot
/// answer lets the call run, uncounted, with a warning.
/// </summary>
internal sealed partial class PostgresApiCallLimit(
    IOptions<DatabaseOptions> options, IOptions<ChatLimits> limits, IOptions<WebOptions> web, InstanceIdentity instance, TimeProvider time,
    ILogger<PostgresApiCallLimit> logger)
    : ApiCallLimit(limits)
{
    private const string LockSql = """SELECT 1 FROM "AspNetUsers" WHERE "Id" = @user FOR UPDATE""";

    // Statements of their own after the lock: under READ COMMITTED they see the calls committed while it waited, and
    // this batch's own count in the window.
    private const string EnterSql = """
        INSERT INTO "RunningApiCalls" ("Id", "UserId", "InstanceId", "StartedAt")
        SELECT @id, @user, @instance, @now
        WHERE (SELECT "Count" FROM "RateLimitWindows" WHERE "Key" = @key) <= @limit
          AND (SELECT count(*) FROM "RunningApiCalls" c
               WHERE c."UserId" = @user
                 AND EXISTS (SELECT 1 FROM "InstanceLeases" l WHERE l."Id" = c."InstanceId" AND l."ExpiresAt" > @now)) < @cap
        """;

    private const string LeaveSql = """DELETE FROM "RunningApiCalls" WHERE "Id" = @id""";

    private readonly string connectionString = options.Value.GetPostgresConnectionString();

    public override bool CountsMessageWindow => true;

    public override async ValueTask<ApiCallEntry> TryEnterAsync(string userId, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var key = RateLimits.MessagesKey(userId);
        var (limit, window) = (web.Value.MessagesPerWindow, web.Value.MessageWindow);
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            // No transaction of ours: a batch is one implicit transaction, committed with its answer (no COMMIT's round trip).
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands = { new(LockSql), new(PostgresRateLimitCounter.CountSql), new(EnterSql) },
            };
            batch.BatchCommands[0].Parameters.AddWithValue("user", userId);
            batch.BatchCommands[1].Parameters.AddWithValue("key", key);
            batch.BatchCommands[1].Parameters.AddWithValue("window", window);
            var enter = batch.BatchCommands[2].Parameters;
            enter.AddWithValue("id", id);
            enter.AddWithValue("user", userId);
            enter.AddWithValue("instance", instance.Id);
            enter.AddWithValue("now", time.GetUtcNow().UtcDateTime);
            enter.AddWithValue("key", key);
            enter.AddWithValue("limit", limit);
            enter.AddWithValue("cap", (long)Cap);
            int count;
            TimeSpan left;
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
            {
                await reader.NextResultAsync(cancellationToken); // past the lock's row
                await reader.ReadAsync(cancellationToken);
                (count, left) = (reader.GetInt32(0), TimeSpan.FromSeconds(Math.Max(0.001, reader.GetDouble(1))));
                while (await reader.NextResultAsync(cancellationToken))
                {
                }
            }
            if (count > limit)
            {
                return new ApiCallEntry(null, left);
            }
            return new ApiCallEntry(batch.BatchCommands[2].RecordsAffected == 1 ? new Place(this, id) : null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailedOpen(logger, e);
            return new ApiCallEntry(new Place(null, id));
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

    [LoggerMessage(1, LogLevel.Warning, "Could not count the running API calls and the message window in the database; the call runs uncounted")]
    private static partial void LogFailedOpen(ILogger logger, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "Could not delete an ended API call's row; it counts against its owner until this instance stops")]
    private static partial void LogLeaveFailed(ILogger logger, Exception exception);
}

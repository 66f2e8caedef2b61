using System.Runtime.CompilerServices;
using System.Security.Claims;
using LlmPages.Accounts;
using Microsoft.Extensions.Options;

namespace LlmPages.Chat.Streaming;

/// <summary>
/// A reply as one reader follows it (the event stream or the no-JS page): the generation's batches, heartbeats
/// when nothing happens, and an end as soon as the reader's session is no longer valid (checked every
/// <see cref="ChatLimits.SessionCheckInterval"/>), so signing someone out also closes their open streams.
/// A reader who leaves (its request aborted) ends the feed quietly: the reply goes on being written without them,
/// so callers need no cancellation handling of their own.
/// </summary>
public sealed class ReplyFeed(SessionGuard sessions, IOptions<ChatLimits> limits, TimeProvider time)
{
    public async IAsyncEnumerable<GenerationBatch> FollowAsync(
        ILiveReply generation, int afterEventId, ClaimsPrincipal reader, [EnumeratorCancellation] CancellationToken readerGone)
    {
        var batches = BatchesAsync(generation, afterEventId, reader, readerGone).GetAsyncEnumerator(readerGone);
        try
        {
            while (true)
            {
                try
                {
                    if (!await batches.MoveNextAsync())
                    {
                        yield break;
                    }
                }
                catch (OperationCanceledException) when (readerGone.IsCancellationRequested)
                {
                    yield break;
                }
                yield return batches.Current;
            }
        }
        finally
        {
            await batches.DisposeAsync();
        }
    }

    private async IAsyncEnumerable<GenerationBatch> BatchesAsync(
        ILiveReply generation, int afterEventId, ClaimsPrincipal reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var heartbeat = limits.Value.HeartbeatInterval;
        var check = limits.Value.SessionCheckInterval;
        var lastCheck = time.GetTimestamp();
        var lastSent = lastCheck;
        await foreach (var batch in generation.ReadAsync(afterEventId, check < heartbeat ? check : heartbeat, time, cancellationToken))
        {
            if (time.GetElapsedTime(lastCheck) >= check)
            {
                if (!await sessions.IsStillValidAsync(reader, check, cancellationToken))
                {
                    yield break;
                }
                lastCheck = time.GetTimestamp();
            }
            var isHeartbeat = batch.Text.Length == 0 && batch.Outcome is null;
            if (isHeartbeat && time.GetElapsedTime(lastSent) < heartbeat)
            {
                continue; // woken only to check the session
            }
            lastSent = time.GetTimestamp();
            yield return batch;
        }
    }
}

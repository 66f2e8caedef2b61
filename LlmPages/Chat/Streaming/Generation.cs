using System.Runtime.CompilerServices;
using System.Text;
using LlmPages.Data.Entities;

namespace LlmPages.Chat.Streaming;

/// <summary>
/// One reply being written, held in memory while it streams. The model's pieces are appended to its text, which any
/// number of readers follow from any point, so a reload or a second tab picks up exactly where it left off. An event
/// is numbered by the length of the text up to its end (UTF-16 code units), so any instance can resume a reader from
/// the saved partial text alone (<see cref="RemoteReply"/>): <c>Last-Event-ID</c> means the same everywhere. Readers
/// never slow the writer: appending only takes a short lock and wakes them.
/// </summary>
public sealed class Generation : ILiveReply
{
    private readonly Lock gate = new();
    // The text once: an event's number is where it ends in it.
    private readonly StringBuilder content = new();
    // Never disposed: Stop may be pressed just as the reply ends, and a token source without a timer holds nothing.
    private readonly CancellationTokenSource stop = new();
    private readonly TaskCompletionSource finished = NewSignal();
    private TaskCompletionSource changed = NewSignal();
    private GenerationOutcome? outcome;
    private int flushedLength;

    public Generation(Guid replyId, Guid conversationId, string ownerId, DateTime startedAt)
    {
        ReplyId = replyId;
        ConversationId = conversationId;
        OwnerId = ownerId;
        StartedAt = startedAt;
    }

    /// <summary>The id of the reply (the assistant message) being written; the reply's URLs use it.</summary>
    public Guid ReplyId { get; }

    public Guid ConversationId { get; }

    public string OwnerId { get; }

    public DateTime StartedAt { get; }

    /// <summary>The reply's span, when traced: the batched partial save links to it.</summary>
    public System.Diagnostics.ActivityContext TraceContext { get; set; }

    /// <summary>Cancelled when the person presses Stop.</summary>
    public CancellationToken StopToken => stop.Token;

    public bool StopRequested => stop.IsCancellationRequested;

    /// <summary>How it ended, once the final state is saved; null while it is still being written.</summary>
    public GenerationOutcome? Outcome
    {
        get
        {
            lock (gate)
            {
                return outcome;
            }
        }
    }

    /// <summary>The reply so far and the number of the last event in it, read together.</summary>
    public (string Text, int LastEventId) Snapshot()
    {
        lock (gate)
        {
            return (content.ToString(), content.Length);
        }
    }

    /// <summary>Adds a piece of the reply and wakes every reader.</summary>
    public void Append(string piece)
    {
        if (piece.Length == 0)
        {
            return;
        }
        TaskCompletionSource wake;
        lock (gate)
        {
            content.Append(piece);
            wake = changed;
            changed = NewSignal();
        }
        wake.TrySetResult();
    }

    public void RequestStop() => stop.Cancel();

    /// <summary>Marks the reply finished (its final state saved) and wakes every reader for the last time.</summary>
    internal void Finish(GenerationOutcome result)
    {
        TaskCompletionSource wake;
        lock (gate)
        {
            outcome = result;
            wake = changed;
        }
        wake.TrySetResult();
        finished.TrySetResult();
    }

    /// <summary>Waits until the final state is saved, or the timeout passes.</summary>
    public async Task WhenFinishedAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await finished.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The page shows the reply as it is then.
        }
    }

    /// <summary>The reply text when it changed since the last call, for the batched saver; null when unchanged.</summary>
    /// <summary>
    /// Done once the turn's rows (the reply's row among them) are committed. Until then a partial save would update no
    /// row, and the text it took would count as saved: a model that pauses after its first tokens (a hold, a slow
    /// server) then left them unsaved until the reply ended.
    /// </summary>
    public Task RowsSaved { get; init; } = Task.CompletedTask;

    internal string? TakeUnsavedContent()
    {
        lock (gate)
        {
            if (!RowsSaved.IsCompletedSuccessfully || content.Length == flushedLength || outcome is not null)
            {
                return null;
            }
            flushedLength = content.Length;
            return content.ToString();
        }
    }

    /// <summary>
    /// The events after <paramref name="afterEventId"/> (a length of text) as they come: pieces that arrived together
    /// are joined into one batch numbered by where it ends. Ends after the batch that carries the outcome. A heartbeat (an empty
    /// batch) comes about every <paramref name="heartbeat"/>, text or not: readers skip those that follow text closely.
    /// </summary>
    public async IAsyncEnumerable<GenerationBatch> ReadAsync(
        int afterEventId, TimeSpan heartbeat, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = Math.Max(0, afterEventId);
        Task? beat = null;
        while (true)
        {
            string? text = null;
            GenerationOutcome? done;
            Task signal;
            int last;
            lock (gate)
            {
                last = content.Length;
                if (next < last)
                {
                    text = content.ToString(next, last - next);
                    next = last;
                }
                done = outcome;
                signal = changed.Task;
            }
            if (text is not null || done is not null)
            {
                yield return new GenerationBatch(last, text ?? "", done);
                if (done is not null)
                {
                    yield break;
                }
                continue;
            }
            // One heartbeat timer per reader, renewed only when it fires: a timeout per wait (per token, per reader)
            // kept the runtime's timer queue lock busy with a thousand streams.
            beat ??= Task.Delay(heartbeat, time, cancellationToken);
            if (await Task.WhenAny(signal, beat) == beat)
            {
                cancellationToken.ThrowIfCancellationRequested();
                beat = null;
                yield return new GenerationBatch(last, "", null);
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// What a reader receives: the text that arrived since its last batch, numbered by the last event in it, and the
/// outcome on the final batch. Empty text without an outcome is a heartbeat.
/// </summary>
public sealed record GenerationBatch(int LastEventId, string Text, GenerationOutcome? Outcome);

/// <summary>How a reply ended, as saved.</summary>
public sealed record GenerationOutcome(MessageStatus Status, string? Error);

namespace LlmPages.Chat.Streaming;

/// <summary>
/// A reply being written, as its readers follow it: written in this process (<see cref="Generation"/>) or by another
/// instance (<see cref="RemoteReply"/>). Either way events are numbered by the length of the text up to their end, so
/// a reader resumes exactly wherever it lands.
/// </summary>
public interface ILiveReply
{
    Guid ReplyId { get; }

    /// <summary>The reply so far and the number of the last event in it (its length), read together.</summary>
    (string Text, int LastEventId) Snapshot();

    /// <summary>
    /// The text after <paramref name="afterEventId"/> as it comes, in batches numbered by where they end; the last batch
    /// carries the outcome. An empty batch without an outcome is a heartbeat, about every <paramref name="heartbeat"/>.
    /// </summary>
    IAsyncEnumerable<GenerationBatch> ReadAsync(int afterEventId, TimeSpan heartbeat, TimeProvider time, CancellationToken cancellationToken);
}

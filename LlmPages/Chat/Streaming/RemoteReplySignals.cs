using System.Collections.Concurrent;
using LlmPages.Instances;

namespace LlmPages.Chat.Streaming;

/// <summary>
/// Wakes the readers of replies written by other instances (<see cref="RemoteReply"/>) when their writer says it saved
/// more text or the final state (<see cref="InstanceSignalKind.Saved"/>, <see cref="InstanceSignalKind.Ended"/>, heard
/// on the one <see cref="InstanceChannel"/> of this instance). One waiting task per reply, whatever the readers.
/// </summary>
public sealed class RemoteReplySignals
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> waiting = new();

    public RemoteReplySignals(InstanceChannel channel) =>
        channel.Subscribe(signal =>
        {
            if (signal.Kind is InstanceSignalKind.Saved or InstanceSignalKind.Ended && waiting.TryRemove(signal.ReplyId, out var wake))
            {
                wake.TrySetResult();
            }
        });

    /// <summary>Completes at the next signal about the reply.</summary>
    public Task NextAsync(Guid replyId) =>
        waiting.GetOrAdd(replyId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
}

using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Instances;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Chat.Streaming;

/// <summary>
/// Stop, from whichever instance the person reached: a reply written in this process is stopped here; one written by
/// another instance is signalled to it (<see cref="InstanceChannel"/>), which stops it the same way. Either way what
/// was written is saved as stopped by the instance writing it.
/// </summary>
public sealed class ReplyStopper(GenerationHub hub, InstanceChannel channel, IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>How long a plain form's Stop waits for the stopped reply to be saved, so the page it returns to shows it.</summary>
    private static readonly TimeSpan SaveWait = TimeSpan.FromSeconds(5);

    /// <summary>Stops the reply (its owner already checked); with <paramref name="untilSaved"/>, waits (a while) for its final save.</summary>
    public async Task StopAsync(Guid replyId, bool isStreaming, bool untilSaved, CancellationToken cancellationToken)
    {
        if (hub.Find(replyId) is { } generation)
        {
            generation.RequestStop();
            if (untilSaved)
            {
                await generation.WhenFinishedAsync(SaveWait, cancellationToken);
            }
            return;
        }
        if (!isStreaming)
        {
            return;
        }
        await channel.PublishAsync(new InstanceSignal(InstanceSignalKind.Stop, replyId), cancellationToken);
        if (untilSaved)
        {
            await WaitUntilEndedAsync(replyId, cancellationToken);
        }
    }

    private async Task WaitUntilEndedAsync(Guid replyId, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (time.GetElapsedTime(started) < SaveWait)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (!await db.Messages.AnyAsync(m => m.Id == replyId && m.Status == MessageStatus.Streaming, cancellationToken))
            {
                return;
            }
        }
    }
}

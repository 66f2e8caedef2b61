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

    /// <summary>
    /// Signals Stop for the owner's replies that other instances are writing (in <paramref name="conversationIds"/>
    /// only, when given): deactivating someone, deleting their account or chats. Those in this process are the
    /// caller's to stop (it waits for them); these end on their own instance, saved as stopped. With
    /// <paramref name="untilSaved"/>, waits a while for them to be saved (before deleting what they belong to).
    /// </summary>
    public async Task StopElsewhereAsync(string ownerId, IReadOnlyCollection<Guid>? conversationIds, bool untilSaved, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var streaming = db.Messages.Where(m => m.Status == MessageStatus.Streaming && m.Conversation.OwnerId == ownerId);
        if (conversationIds is not null)
        {
            streaming = streaming.Where(m => conversationIds.Contains(m.ConversationId));
        }
        var elsewhere = (await streaming.Select(m => m.Id).ToListAsync(cancellationToken)).Where(id => hub.Find(id) is null).ToList();
        await channel.PublishAsync([.. elsewhere.Select(id => new InstanceSignal(InstanceSignalKind.Stop, id))], cancellationToken);
        if (untilSaved)
        {
            foreach (var id in elsewhere)
            {
                await WaitUntilEndedAsync(id, cancellationToken);
            }
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

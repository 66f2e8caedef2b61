using LlmPages.Chat.Streaming;
using LlmPages.Data;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Chat.Conversations;

/// <summary>
/// Deletes a person's chats with every message (and their search entries, which go with them), after stopping any
/// reply still being written in them. Owner-checked as a whole: when any chat is not the person's, nothing is deleted
/// (the caller answers 404).
/// </summary>
public sealed class ChatDeletion(AppDbContext db, GenerationHub hub, ReplyStopper stopper)
{
    /// <summary>How long a reply being written may take to stop before its chat is deleted anyway.</summary>
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(5);

    /// <returns>The titles of the chats deleted, or null when one of them is not this person's.</returns>
    public async Task<IReadOnlyList<string>?> DeleteAsync(string ownerId, IEnumerable<Guid> conversationIds, CancellationToken cancellationToken)
    {
        var ids = conversationIds.Distinct().ToList();
        var chats = await db.Conversations
            .Where(c => ids.Contains(c.Id) && c.OwnerId == ownerId)
            .ToListAsync(cancellationToken);
        if (chats.Count != ids.Count)
        {
            return null;
        }
        await stopper.StopElsewhereAsync(ownerId, ids, untilSaved: true, cancellationToken);
        var writing = chats.Select(c => hub.ForConversation(c.Id)).OfType<Generation>().ToList();
        foreach (var generation in writing)
        {
            generation.RequestStop();
        }
        await Task.WhenAll(writing.Select(g => g.WhenFinishedAsync(StopWait, cancellationToken)));
        db.Conversations.RemoveRange(chats);
        await db.SaveChangesAsync(cancellationToken);
        return [.. chats.Select(c => c.Title)];
    }
}

using LlmPages.Data;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Chat.Conversations;

/// <summary>
/// Archives and unarchives a person's chats: archived chats leave the chat list on /chat and stay in the history.
/// Owner-checked as a whole: when any chat is not the person's, nothing changes (the caller answers 404). Archiving
/// is not activity: the chats keep their place in the history's order.
/// </summary>
public sealed class ChatArchive(AppDbContext db)
{
    /// <returns>How many chats were changed, or null when one of them is not this person's.</returns>
    public async Task<int?> SetArchivedAsync(string ownerId, IEnumerable<Guid> conversationIds, bool archived, CancellationToken cancellationToken)
    {
        var ids = conversationIds.Distinct().ToList();
        var chats = db.Conversations.Where(c => ids.Contains(c.Id) && c.OwnerId == ownerId);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await chats.CountAsync(cancellationToken) != ids.Count)
        {
            return null;
        }
        var changed = await chats.ExecuteUpdateAsync(s => s.SetProperty(c => c.IsArchived, archived), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }
}

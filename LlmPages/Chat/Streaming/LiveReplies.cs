using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Chat.Streaming;

/// <summary>
/// Finds a reply being written for its owner to follow, wherever it is written: in this process (no query between the
/// reader and the model), or by another instance (its row still streaming: followed from the database, <see cref="RemoteReply"/>).
/// </summary>
public sealed class LiveReplies(GenerationHub hub, RemoteReplySignals signals, IServiceScopeFactory scopes)
{
    /// <summary>This process's generation of the reply, if it is its owner's; else null, without a query.</summary>
    public Generation? FindHere(Guid replyId, Guid conversationId, string? ownerId) =>
        hub.Find(replyId) is { } live && live.ConversationId == conversationId && live.OwnerId == ownerId ? live : null;

    /// <summary>
    /// The reply being written here or elsewhere, if it is the owner's and still streaming; null when it has ended (or is
    /// not theirs: the caller tells those apart when it needs to).
    /// </summary>
    public async Task<ILiveReply?> FindAsync(Guid replyId, Guid conversationId, string? ownerId, CancellationToken cancellationToken)
    {
        if (FindHere(replyId, conversationId, ownerId) is { } here)
        {
            return here;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var saved = await db.Messages.AsNoTracking()
            .Where(m => m.Id == replyId && m.ConversationId == conversationId && m.Role == MessageRole.Assistant
                && m.Status == MessageStatus.Streaming && m.Conversation.OwnerId == ownerId)
            .Select(m => m.Content)
            .FirstOrDefaultAsync(cancellationToken);
        // Written here after all if it started between the two looks.
        return saved is null ? null : FindHere(replyId, conversationId, ownerId) as ILiveReply ?? new RemoteReply(replyId, saved, signals, scopes);
    }
}

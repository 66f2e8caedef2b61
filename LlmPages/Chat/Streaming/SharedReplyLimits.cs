using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LlmPages.Chat.Streaming;

/// <summary>
/// One reply at a time per chat and <see cref="ChatLimits.MaxConcurrentGenerationsPerUser"/> per person, checked in
/// the database in the transaction that saves a turn's rows, so they hold across instances sharing it. The claims are
/// the streaming replies themselves, those of other instances counted only when their instance's lease is valid (a
/// dead instance's replies never hold a chat); this instance's own are the ones its hub writes or has claimed, which
/// <see cref="GenerationHub.TryReserve"/> has already counted. The transaction first writes the person's own row (a
/// no-op update: PostgreSQL's row lock, SQLite's write lock), so two sends by one person on two instances take turns
/// and the second sees the first's reply. <see cref="GenerationHub.TryReserve"/> refuses first and without a query in
/// the usual case; this catches the sends that reached two instances at once, whose generation is then stopped before
/// anything of it is saved.
/// </summary>
public sealed class SharedReplyLimits(GenerationHub hub, Instances.InstanceIdentity instance, IOptions<ChatLimits> limits, TimeProvider time)
{
    /// <summary>
    /// The refusal in plain words when the owner's replies being written (by any live instance) already include one in
    /// this chat or reach the cap; null when the turn may be saved. Call inside the turn's transaction, before saving it,
    /// after the hub has claimed this turn's reply.
    /// </summary>
    public async Task<string?> RefusalAsync(AppDbContext db, Guid conversationId, string ownerId, CancellationToken cancellationToken)
    {
        await db.Users.Where(u => u.Id == ownerId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.MonthlyTokenQuota, u => u.MonthlyTokenQuota), cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        // Only other instances' rows are read: this instance's are in its hub. Reading all of them (a thousand for a
        // person with a thousand replies being written) was an eighth of the CPU of starting a thousand at once, inside
        // the write lock.
        var elsewhere = await db.Messages
            .Where(m => m.Status == MessageStatus.Streaming && m.Conversation.OwnerId == ownerId && m.InstanceId != instance.Id
                && db.InstanceLeases.Any(l => l.Id == m.InstanceId && l.ExpiresAt > now))
            .Select(m => m.ConversationId)
            .ToListAsync(cancellationToken);
        if (elsewhere.Contains(conversationId))
        {
            return GenerationHub.ChatBusy;
        }
        // This turn's own claim is among the hub's.
        var writing = elsewhere.Count + Math.Max(0, hub.RepliesOf(ownerId) - 1);
        var cap = limits.Value.MaxConcurrentGenerationsPerUser;
        return writing >= cap ? GenerationHub.CapReached(writing, cap) : null;
    }
}

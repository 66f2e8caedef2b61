using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Transfers;

/// <summary>
/// Reads a person's chats as <see cref="ArchivedChat"/>s, for their owner only: one chat (its download), or all of
/// them a few at a time (the export job), never all at once.
/// </summary>
public sealed class ChatExports(AppDbContext db)
{
    private const int ChatsPerQuery = 20;

    /// <summary>One chat with every message, or null when it is not this person's.</summary>
    public async Task<ArchivedChat?> FindAsync(Guid conversationId, string ownerId, CancellationToken cancellationToken) =>
        (await ReadAsync([conversationId], ownerId, cancellationToken)).SingleOrDefault();

    public Task<int> CountAsync(string ownerId, CancellationToken cancellationToken) =>
        db.Conversations.CountAsync(c => c.OwnerId == ownerId, cancellationToken);

    /// <summary>Every chat of the person, oldest first, read <see cref="ChatsPerQuery"/> at a time.</summary>
    public async IAsyncEnumerable<ArchivedChat> AllAsync(
        string ownerId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Guid? after = null;
        while (true)
        {
            var ids = await db.Conversations.AsNoTracking()
                .Where(c => c.OwnerId == ownerId && (after == null || c.Id.CompareTo(after.Value) > 0))
                .OrderBy(c => c.Id)
                .Select(c => c.Id)
                .Take(ChatsPerQuery)
                .ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                yield break;
            }
            foreach (var chat in await ReadAsync(ids, ownerId, cancellationToken))
            {
                yield return chat;
            }
            after = ids[^1];
        }
    }

    private async Task<List<ArchivedChat>> ReadAsync(List<Guid> ids, string ownerId, CancellationToken cancellationToken)
    {
        var chats = await db.Conversations.AsNoTracking()
            .Where(c => ids.Contains(c.Id) && c.OwnerId == ownerId)
            .Select(c => new
            {
                c.Id,
                c.Title,
                Model = c.Model != null ? c.Model.DisplayName : c.ModelName,
                c.SystemPrompt,
                c.Temperature,
                c.MaxTokens,
                c.CreatedAt,
                c.UpdatedAt,
                c.ActiveLeafId,
            })
            .ToListAsync(cancellationToken);
        var found = chats.Select(c => c.Id).ToList();
        var messages = (await db.Messages.AsNoTracking()
            .Where(m => found.Contains(m.ConversationId))
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Select(m => new
            {
                m.ConversationId,
                Message = new ArchivedMessage(
                    m.Id, m.ParentId, m.Role, m.Content, m.Status, m.Error, m.Model != null ? m.Model.DisplayName : m.ModelName,
                    m.PromptTokens, m.CompletionTokens, m.CreatedAt, m.CompletedAt),
            })
            .ToListAsync(cancellationToken))
            .ToLookup(m => m.ConversationId, m => m.Message);
        return [.. chats.OrderBy(c => ids.IndexOf(c.Id)).Select(c => new ArchivedChat(
                c.Id, c.Title, c.Model, c.SystemPrompt, c.Temperature, c.MaxTokens, c.CreatedAt, c.UpdatedAt, c.ActiveLeafId,
                [.. messages[c.Id]]))];
    }
}

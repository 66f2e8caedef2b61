using LlmPages.Data;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Chat.Conversations;

/// <summary>
/// Files a person's chats under one of their projects, or under none. Owner-checked as a whole: when any chat or the
/// project is not the person's, nothing moves (the caller answers 404). The history's "Move" uses it; so can the
/// project pages.
/// </summary>
public sealed class ChatMoves(AppDbContext db)
{
    /// <param name="projectId">The project, or null to take the chats out of any project.</param>
    /// <returns>What was moved where, or null when a chat or the project is not this person's.</returns>
    public async Task<Moved?> MoveAsync(string ownerId, IEnumerable<Guid> conversationIds, Guid? projectId, CancellationToken cancellationToken)
    {
        var ids = conversationIds.Distinct().ToList();
        string? projectName = null;
        if (projectId is { } id
            && (projectName = await db.Projects.Where(p => p.Id == id && p.OwnerId == ownerId).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken)) is null)
        {
            return null;
        }
        var chats = db.Conversations.Where(c => ids.Contains(c.Id) && c.OwnerId == ownerId);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await chats.CountAsync(cancellationToken) != ids.Count)
        {
            return null;
        }
        var moved = await chats.ExecuteUpdateAsync(s => s.SetProperty(c => c.ProjectId, projectId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Moved(moved, projectName);
    }

    /// <summary>How many chats moved, and the name of the project they went to (null: out of any project).</summary>
    public sealed record Moved(int Count, string? ProjectName);
}

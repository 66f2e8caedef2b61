using LlmPages.Chat;
using LlmPages.Chat.Streaming;
using LlmPages.Data;
using LlmPages.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LlmPages.Projects;

/// <summary>
/// The chats in a person's projects: a project's chats one page at a time, moving chats into or out of a project,
/// and deleting a project with or without its chats. Every method takes the owner's id and touches only what is theirs:
/// a chat is only ever filed in a project of its own owner.
/// </summary>
public sealed partial class ProjectChats(AppDbContext db, GenerationHub hub, IOptions<ChatLimits> limits, ILogger<ProjectChats> logger)
{
    public sealed record Item(Guid Id, string Title, DateTime UpdatedAt, bool IsArchived, bool IsStreaming);

    public sealed record Result(IReadOnlyList<Item> Items, Paging Paging);

    /// <summary>A page of the project's chats, newest first, as the chat list orders them.</summary>
    public async Task<Result> PageAsync(string ownerId, Guid projectId, int? page, CancellationToken cancellationToken)
    {
        var chats = InProject(ownerId, projectId);
        var paging = Paging.For(page, await chats.CountAsync(cancellationToken), limits.Value.ConversationsPerPage);
        var items = await chats
            .OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id)
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(c => new { c.Id, c.Title, c.UpdatedAt, c.IsArchived })
            .ToListAsync(cancellationToken);
        return new Result([.. items.Select(c => new Item(c.Id, c.Title, c.UpdatedAt, c.IsArchived, hub.ForConversation(c.Id) is not null))], paging);
    }

    /// <summary>How many chats the project holds.</summary>
    public Task<int> CountAsync(string ownerId, Guid projectId, CancellationToken cancellationToken) =>
        InProject(ownerId, projectId).CountAsync(cancellationToken);

    /// <summary>
    /// Files the chats in the project, or takes them out of any project (<paramref name="projectId"/> null). Null, and
    /// nothing moved, when the project or any of the chats is not the owner's (the caller answers 404); otherwise how
    /// many chats are now where they were asked to be. The history page's bulk move calls this too.
    /// </summary>
    public async Task<int?> MoveAsync(string ownerId, IReadOnlyCollection<Guid> chatIds, Guid? projectId, CancellationToken cancellationToken)
    {
        var ids = chatIds.Distinct().ToList();
        if (projectId is { } target && !await db.Projects.AnyAsync(p => p.Id == target && p.OwnerId == ownerId, cancellationToken))
        {
            return null;
        }
        var owned = db.Conversations.Where(c => ids.Contains(c.Id) && c.OwnerId == ownerId);
        if (await owned.CountAsync(cancellationToken) != ids.Count)
        {
            return null;
        }
        return await owned.ExecuteUpdateAsync(s => s.SetProperty(c => c.ProjectId, projectId), cancellationToken);
    }

    /// <summary>
    /// Deletes a project of the owner's. Its chats either leave it and stay (<paramref name="deleteChats"/> false) or
    /// are deleted with it, every message included, after any reply still being written in them is stopped (as deleting
    /// one chat does). All of it, or nothing, is done. Returns how many chats were kept or deleted.
    /// </summary>
    public async Task<int> DeleteProjectAsync(string ownerId, Guid projectId, bool deleteChats, CancellationToken cancellationToken)
    {
        var chats = InProject(ownerId, projectId);
        if (deleteChats)
        {
            // Before the transaction: a stopped reply saves itself, and SQLite would refuse a write from a transaction
            // that had read before that save.
            await StopRepliesAsync(ownerId, chats, cancellationToken);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var count = deleteChats
            ? await chats.ExecuteDeleteAsync(cancellationToken)
            : await chats.ExecuteUpdateAsync(s => s.SetProperty(c => c.ProjectId, (Guid?)null), cancellationToken);
        await db.Projects.Where(p => p.Id == projectId && p.OwnerId == ownerId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogDeleted(projectId, count, deleteChats);
        return count;
    }

    private async Task StopRepliesAsync(string ownerId, IQueryable<Data.Entities.Conversation> chats, CancellationToken cancellationToken)
    {
        var live = hub.Active().Where(g => g.OwnerId == ownerId).Select(g => g.ConversationId).ToList();
        if (live.Count == 0)
        {
            return;
        }
        var inProject = await chats.Where(c => live.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
        foreach (var generation in inProject.Select(hub.ForConversation).OfType<Generation>())
        {
            generation.RequestStop();
            await generation.WhenFinishedAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }
    }

    private IQueryable<Data.Entities.Conversation> InProject(string ownerId, Guid projectId) =>
        db.Conversations.AsNoTracking().Where(c => c.ProjectId == projectId && c.OwnerId == ownerId);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Deleted project {ProjectId} and its {Count} chats: chats deleted too {ChatsDeleted}")]
    private partial void LogDeleted(Guid projectId, int count, bool chatsDeleted);
}

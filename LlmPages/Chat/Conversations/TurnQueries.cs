using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Chat.Conversations;

/// <summary>
/// The queries a chat send runs before the model is asked, compiled once per app (as <see cref="Api.ApiKeyQuery"/>); the
/// tree's also serves every other read of a chat (its page, a regenerate, an edit). EF then skips building each query's
/// expression tree and looking it up in its cache on every send. Timed inside the app,
/// those four queries were about 2.7 ms of the 4.5 ms between a next message's POST arriving and the model being asked.
/// A singleton per app, not statics: a compiled query only runs against the model it was compiled for, and a process may
/// run the app on both engines (the tests of copy-to-postgres).
/// </summary>
public sealed class TurnQueries
{
    /// <summary>A message's text, for a prompt's history.</summary>
    public sealed record Text(Guid Id, MessageRole Role, string Content);

    /// <summary>A turn's model with its provider, and what the turn needs of the chat's owner.</summary>
    public sealed record TurnModel(AiModel Model, AiProvider Provider, string? OwnerName, long? OwnerQuota);

    private readonly Func<AppDbContext, Guid, string, CancellationToken, Task<Conversation?>> owned =
        EF.CompileAsyncQuery((AppDbContext db, Guid id, string userId, CancellationToken _) =>
            db.Conversations.FirstOrDefault(c => c.Id == id && c.OwnerId == userId));

    private readonly Func<AppDbContext, Guid, IAsyncEnumerable<MessageTree.Node>> nodes =
        EF.CompileAsyncQuery((AppDbContext db, Guid conversationId) => db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId)
            .Select(m => new MessageTree.Node(m.Id, m.ParentId, m.Role, m.CreatedAt)));

    private readonly Func<AppDbContext, int, string, CancellationToken, Task<TurnModel?>> model =
        EF.CompileAsyncQuery((AppDbContext db, int modelId, string ownerId, CancellationToken _) => db.AiModels.AsNoTracking()
            .Where(m => m.Id == modelId)
            .Select(m => new TurnModel(
                m, m.Provider,
                // Two scalar subqueries: a row of them would need SQL's APPLY, which SQLite has not.
                db.Users.Where(u => u.Id == ownerId).Select(u => u.DisplayName).FirstOrDefault(),
                db.Users.Where(u => u.Id == ownerId).Select(u => u.MonthlyTokenQuota).FirstOrDefault()))
            .FirstOrDefault());

    private readonly Func<AppDbContext, List<Guid>, IAsyncEnumerable<Text>> texts =
        EF.CompileAsyncQuery((AppDbContext db, List<Guid> ids) => db.Messages.AsNoTracking()
            .Where(m => ids.Contains(m.Id))
            .Select(m => new Text(m.Id, m.Role, m.Content)));

    /// <summary>The conversation, tracked so settings can be changed, or null when it is not this person's.</summary>
    public Task<Conversation?> OwnedConversationAsync(AppDbContext db, Guid id, string userId, CancellationToken cancellationToken) =>
        owned(db, id, userId, cancellationToken);

    /// <summary>The tree of one conversation, without the messages' text: for a send, and for every read of a chat.</summary>
    public async Task<MessageTree> TreeAsync(AppDbContext db, Guid conversationId, CancellationToken cancellationToken)
    {
        var list = new List<MessageTree.Node>();
        await foreach (var node in nodes(db, conversationId).WithCancellation(cancellationToken))
        {
            list.Add(node);
        }
        return new MessageTree(list);
    }

    public Task<TurnModel?> ModelAsync(AppDbContext db, int modelId, string ownerId, CancellationToken cancellationToken) =>
        model(db, modelId, ownerId, cancellationToken);

    /// <summary>The texts of these messages, by id (ids of no message are left out).</summary>
    public async Task<Dictionary<Guid, Text>> TextsAsync(AppDbContext db, List<Guid> ids, CancellationToken cancellationToken)
    {
        var found = new Dictionary<Guid, Text>(ids.Count);
        await foreach (var text in texts(db, ids).WithCancellation(cancellationToken))
        {
            found[text.Id] = text;
        }
        return found;
    }
}

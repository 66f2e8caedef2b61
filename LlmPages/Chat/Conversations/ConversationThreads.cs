using LlmPages.Chat.Rendering;
using LlmPages.Chat.Streaming;
using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Chat.Conversations;

/// <summary>
/// Reads conversations for their owner only: anyone else's id is simply not found. Loads the branch shown, with
/// live text for a reply still being written (from the generation, which is ahead of the database).
/// </summary>
public sealed class ConversationThreads(AppDbContext db, GenerationHub hub, MarkdownRenderer markdown, ChatSearchIndex search, TurnQueries queries)
{
    /// <summary>The conversation, tracked so settings can be changed, or null when it is not this person's.</summary>
    public Task<Conversation?> FindOwnedAsync(Guid id, string userId, CancellationToken cancellationToken) =>
        queries.OwnedConversationAsync(db, id, userId, cancellationToken);

    /// <summary>The branch shown, or its newest <paramref name="newest"/> messages (the page links to the rest).</summary>
    public async Task<ThreadPage> LoadAsync(Conversation conversation, int? newest, CancellationToken cancellationToken)
    {
        var tree = await queries.TreeAsync(db, conversation.Id, cancellationToken);
        var whole = tree.PathTo(tree.ShownLeaf(conversation.ActiveLeafId));
        var earlier = newest is { } n && whole.Count > n ? whole.Count - n : 0;
        var path = whole.Skip(earlier).ToList();
        if (path.Count == 0)
        {
            return new ThreadPage([], 0);
        }
        var ids = path.Select(n => n.Id).ToList();
        var rows = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversation.Id && ids.Contains(m.Id))
            .ToDictionaryAsync(m => m.Id, cancellationToken);
        var thread = new List<ThreadMessage>(path.Count);
        foreach (var node in path)
        {
            if (rows.TryGetValue(node.Id, out var row))
            {
                thread.Add(ToView(row, VersionsOf(tree, node)) with { IsLast = node == path[^1] });
            }
        }
        return new ThreadPage(thread, earlier);
    }

    /// <summary>
    /// A message of one of this person's chats (any branch, optionally of one role) with its chat, or null when the
    /// chat is not theirs or holds no such message: the pages about one message answer 404 for either.
    /// </summary>
    public async Task<(Conversation Conversation, ThreadMessage Message)?> FindOwnedMessageAsync(
        Guid conversationId, Guid messageId, string userId, MessageRole? role, CancellationToken cancellationToken)
    {
        var conversation = await FindOwnedAsync(conversationId, userId, cancellationToken);
        var message = conversation is null ? null : await LoadMessageAsync(conversation, messageId, cancellationToken);
        return message is not null && (role is null || message.Role == role) ? (conversation!, message) : null;
    }

    /// <summary>One message of a conversation (any branch), or null.</summary>
    public async Task<ThreadMessage?> LoadMessageAsync(Conversation conversation, Guid messageId, CancellationToken cancellationToken) =>
        (await LoadMessagesAsync(conversation, [messageId], cancellationToken)).SingleOrDefault();

    /// <summary>Some messages of a conversation (any branch), in the order asked for; ids not found are left out.</summary>
    public async Task<IReadOnlyList<ThreadMessage>> LoadMessagesAsync(
        Conversation conversation, IReadOnlyList<Guid> messageIds, CancellationToken cancellationToken)
    {
        var rows = await db.Messages.AsNoTracking()
            .Where(m => messageIds.Contains(m.Id) && m.ConversationId == conversation.Id)
            .ToDictionaryAsync(m => m.Id, cancellationToken);
        if (rows.Count == 0)
        {
            return [];
        }
        var tree = await queries.TreeAsync(db, conversation.Id, cancellationToken);
        var path = tree.PathTo(tree.ShownLeaf(conversation.ActiveLeafId));
        return [.. messageIds.Where(rows.ContainsKey).Select(id => ToView(rows[id], VersionsOf(tree, tree.Find(id)!))
            with { IsLast = path.Count > 0 && path[^1].Id == id })];
    }

    /// <summary>What htmx receives after a turn: the new question and reply, read back.</summary>
    public async Task<TurnView> LoadTurnAsync(Conversation conversation, TurnResult turn, CancellationToken cancellationToken)
    {
        Guid?[] ids = [turn.UserMessageId, turn.ReplyId];
        var shown = await LoadMessagesAsync(conversation, [.. ids.OfType<Guid>()], cancellationToken);
        return new TurnView(shown.Single(m => m.Id == turn.UserMessageId), shown.SingleOrDefault(m => m.Id == turn.ReplyId), turn.FollowsId);
    }

    /// <summary>
    /// The same for a reply still being written, drawn from the turn's own rows (no query): its text so far and the
    /// last event in it from <paramref name="live"/>, read together.
    /// </summary>
    public TurnView DrawTurn(SavedTurn saved, Generation live) =>
        new(ToView(saved.Question, saved.QuestionVersions),
            ToView(saved.Reply, saved.ReplyVersions, live.Snapshot()) with { IsLast = true },
            saved.Question.ParentId);

    /// <summary>Shows another version of a message: the branch under it, down to its newest reply.</summary>
    public async Task<bool> ShowVersionAsync(Conversation conversation, Guid messageId, CancellationToken cancellationToken)
    {
        var tree = await queries.TreeAsync(db, conversation.Id, cancellationToken);
        if (!tree.Contains(messageId))
        {
            return false;
        }
        conversation.ActiveLeafId = tree.NewestLeafUnder(messageId);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Gives the conversation a new title, searchable at once.</summary>
    public async Task RenameAsync(Conversation conversation, string title, CancellationToken cancellationToken)
    {
        conversation.Title = title;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await search.IndexTitleAsync(db, conversation.Id, conversation.Title, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private ThreadMessage ToView(Message m, Versions versions, (string Text, int LastEventId)? liveText = null)
    {
        var content = m.Content;
        int? liveEventId = null;
        if (m.Status == MessageStatus.Streaming)
        {
            // Written here: the text and event number from memory; by another instance: as saved (events are
            // numbered by the text's length, so the stream goes on from there).
            (content, liveEventId) = liveText ?? (hub.Find(m.Id) is { } live ? live.Snapshot() : (content, content.Length));
        }
        var html = m.Role == MessageRole.Assistant && m.Status != MessageStatus.Streaming
            ? m.ContentHtml ?? markdown.ToHtml(content)
            : null;
        return new ThreadMessage(
            m.Id, m.ConversationId, m.Role, content, html, m.Status, m.Error, m.ModelName, m.PromptTokens, m.CompletionTokens,
            m.TimeToFirstTokenMs, m.DurationMs, m.TokensPerSecond, m.ContextMessagesOmitted, m.CreatedAt, versions)
        {
            LiveEventId = liveEventId,
        };
    }

    private static Versions VersionsOf(MessageTree tree, MessageTree.Node node)
    {
        var siblings = tree.Siblings(node);
        if (siblings.Count <= 1)
        {
            return Versions.Single;
        }
        var index = siblings.ToList().FindIndex(s => s.Id == node.Id);
        return new Versions(
            index + 1, siblings.Count, index > 0 ? siblings[index - 1].Id : null, index < siblings.Count - 1 ? siblings[index + 1].Id : null);
    }
}

/// <summary>Messages of the branch shown, and how many earlier ones were left out of the page.</summary>
public sealed record ThreadPage(IReadOnlyList<ThreadMessage> Messages, int Earlier);

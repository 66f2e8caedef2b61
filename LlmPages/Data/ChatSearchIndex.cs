using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Data;

/// <summary>
/// The full-text index of chats: one entry per conversation title and per message, holding its words as
/// <see cref="SearchText"/> prepares them. Each engine keeps it its own way (<see cref="DatabaseEngine.ChatSearch"/>):
/// SQLite in an FTS5 table, PostgreSQL in a <c>tsvector</c> column with a GIN index. Both sit beside a plain table,
/// <c>ChatSearchEntries</c> (conversation, message or null for the title), created by the migrations and left out of the EF
/// model, whose rows go with their conversation and message (ON DELETE CASCADE; on SQLite a trigger on that table, not on
/// Messages, removes the FTS5 row), so deleting chats, or a person, needs no call here.
/// </summary>
/// <remarks>
/// Entries are written by the code that saves the text, never by triggers on Messages: a reply's text is saved about
/// once a second while it streams (<c>ReplyStore.SavePartialAsync</c>) and must not pay for indexing each time. So a
/// person's message is indexed when it is saved (<c>ChatTurns</c>), a reply when it ends (<c>ReplyStore.SaveFinishedAsync</c>),
/// a title when it is set (a new chat, a rename, the title job), each in the transaction that saves the text; what was
/// never indexed (rows from before the index, replies a restart interrupted) is indexed at start-up
/// (<see cref="IndexMissingAsync"/>). Every branch of a chat is searched, not only the one shown.
/// </remarks>
public abstract class ChatSearchIndex
{
    /// <summary>The table of entries, the same on both engines.</summary>
    protected const string Entries = "\"ChatSearchEntries\"";

    /// <summary>Indexes a message's text, replacing what was indexed for it before.</summary>
    public Task IndexMessageAsync(AppDbContext db, Guid conversationId, Guid messageId, string text, CancellationToken cancellationToken) =>
        InTransactionAsync(db, () => ReplaceAsync(db, conversationId, messageId, SearchText.Prepare(text), cancellationToken), cancellationToken);

    /// <summary>Indexes a chat's title, replacing the title indexed before.</summary>
    public Task IndexTitleAsync(AppDbContext db, Guid conversationId, string title, CancellationToken cancellationToken) =>
        InTransactionAsync(db, () => ReplaceAsync(db, conversationId, null, SearchText.Prepare(title), cancellationToken), cancellationToken);

    /// <summary>
    /// The ids of the chats, anyone's (the caller adds the owner and its filters), whose title or one of whose messages
    /// holds every term of <paramref name="query"/>: a subquery EF composes into the caller's query.
    /// </summary>
    public abstract IQueryable<Guid> MatchingChats(AppDbContext db, SearchQuery query);

    /// <summary>How many of a chat's matching messages, the latest, are weighed to choose its snippet.</summary>
    public const int SnippetCandidates = 8;

    /// <summary>How much of each of them is weighed, in characters.</summary>
    public const int ScoredLength = 4000;

    /// <summary>
    /// For each of these chats, the message that matches <paramref name="query"/> best (<see cref="SearchQuery.Score"/>,
    /// over the start of its latest matching messages); a chat found by its title alone has none.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, Guid>> BestMessagesAsync(
        AppDbContext db, SearchQuery query, IReadOnlyCollection<Guid> conversationIds, CancellationToken cancellationToken)
    {
        if (conversationIds.Count == 0)
        {
            return new Dictionary<Guid, Guid>();
        }
        var hits = await MatchingMessagesAsync(db, query, conversationIds, cancellationToken);
        var candidates = hits
            .GroupBy(h => h.ConversationId)
            .SelectMany(g => g.OrderByDescending(h => h.Entry).Take(SnippetCandidates))
            .Select(h => h.MessageId)
            .ToList();
        var texts = await db.Messages.AsNoTracking()
            .Where(m => candidates.Contains(m.Id))
            .Select(m => new { m.Id, m.ConversationId, m.CreatedAt, Text = m.Content.Substring(0, ScoredLength) })
            .ToListAsync(cancellationToken);
        return texts
            .GroupBy(t => t.ConversationId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => query.Score(t.Text)).ThenByDescending(t => t.CreatedAt).First().Id);
    }

    /// <summary>
    /// Indexes every message (not still streaming) and every title that has no entry: rows written before the index
    /// existed, replies a restart interrupted, and anything whose save succeeded while its indexing did not. Run at
    /// start-up; returns how many entries it wrote.
    /// </summary>
    public async Task<int> IndexMissingAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var written = 0;
        var indexedMessages = db.Database.SqlQueryRaw<Guid>($"SELECT \"MessageId\" AS \"Value\" FROM {Entries} WHERE \"MessageId\" IS NOT NULL");
        while (true)
        {
            var batch = await db.Messages.AsNoTracking()
                .Where(m => m.Status != MessageStatus.Streaming && !indexedMessages.Contains(m.Id))
                .OrderBy(m => m.Id)
                .Select(m => new { m.Id, m.ConversationId, m.Content })
                .Take(500)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }
            await InTransactionAsync(db, async () =>
            {
                foreach (var message in batch)
                {
                    await ReplaceAsync(db, message.ConversationId, message.Id, SearchText.Prepare(message.Content), cancellationToken);
                }
            }, cancellationToken);
            written += batch.Count;
        }

        var titled = db.Database.SqlQueryRaw<Guid>($"SELECT \"ConversationId\" AS \"Value\" FROM {Entries} WHERE \"MessageId\" IS NULL");
        while (true)
        {
            var batch = await db.Conversations.AsNoTracking()
                .Where(c => !titled.Contains(c.Id))
                .OrderBy(c => c.Id)
                .Select(c => new { c.Id, c.Title })
                .Take(500)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }
            await InTransactionAsync(db, async () =>
            {
                foreach (var chat in batch)
                {
                    await ReplaceAsync(db, chat.Id, null, SearchText.Prepare(chat.Title), cancellationToken);
                }
            }, cancellationToken);
            written += batch.Count;
        }
        return written;
    }

    /// <summary>Writes the entry of a message (or of the title, when <paramref name="messageId"/> is null), replacing any earlier one.</summary>
    protected abstract Task ReplaceAsync(AppDbContext db, Guid conversationId, Guid? messageId, string words, CancellationToken cancellationToken);

    /// <summary>The messages of these chats that match, each with its entry's id (later entries are newer).</summary>
    protected abstract Task<IReadOnlyList<MessageHit>> MatchingMessagesAsync(
        AppDbContext db, SearchQuery query, IReadOnlyCollection<Guid> conversationIds, CancellationToken cancellationToken);

    /// <summary>One matching message; a class with setters, as EF's raw queries of unmapped types want.</summary>
    protected sealed class MessageHit
    {
        public Guid ConversationId { get; set; }

        public Guid MessageId { get; set; }

        public long Entry { get; set; }
    }

    /// <summary>Runs <paramref name="work"/> in the caller's transaction, or in one of its own: an entry is written whole or not at all.</summary>
    private static async Task InTransactionAsync(AppDbContext db, Func<Task> work, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            await work();
            return;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await work();
        await transaction.CommitAsync(cancellationToken);
    }
}

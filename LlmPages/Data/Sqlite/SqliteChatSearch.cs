using Microsoft.EntityFrameworkCore;

namespace LlmPages.Data.Sqlite;

/// <summary>
/// The chat search on SQLite: a contentless FTS5 table, <c>ChatSearch</c>, whose rowid is the entry's id in
/// <c>ChatSearchEntries</c> (AUTOINCREMENT, so an id is never given twice). It holds the index only, not a second copy
/// of every message (<c>contentless_delete=1</c> lets rows be deleted by id). Its tokenizer keeps accents
/// (<c>remove_diacritics 0</c>), because <see cref="SearchText"/> has already folded the words as the app folds them on
/// both engines. Terms reach MATCH as quoted phrases of folded words, so FTS5's query syntax never sees the person's input.
/// </summary>
internal sealed class SqliteChatSearch : ChatSearchIndex
{
    public override IQueryable<Guid> MatchingChats(AppDbContext db, SearchQuery query) =>
        db.Database.SqlQueryRaw<Guid>(
            $"SELECT e.\"ConversationId\" AS \"Value\" FROM \"ChatSearch\" AS s JOIN {Entries} AS e ON e.\"Id\" = s.rowid WHERE s.\"ChatSearch\" MATCH {{0}}",
            Match(query));

    protected override Task ReplaceAsync(AppDbContext db, Guid conversationId, Guid? messageId, string words, CancellationToken cancellationToken) =>
        // Deleting the old entry deletes its FTS5 row too (the trigger on ChatSearchEntries).
        messageId is { } id
            ? db.Database.ExecuteSqlAsync(
                $"""
                DELETE FROM "ChatSearchEntries" WHERE "MessageId" = {id};
                INSERT INTO "ChatSearchEntries" ("ConversationId", "MessageId") VALUES ({conversationId}, {id});
                INSERT INTO "ChatSearch" (rowid, "Text") VALUES (last_insert_rowid(), {words});
                """,
                cancellationToken)
            : db.Database.ExecuteSqlAsync(
                $"""
                DELETE FROM "ChatSearchEntries" WHERE "ConversationId" = {conversationId} AND "MessageId" IS NULL;
                INSERT INTO "ChatSearchEntries" ("ConversationId", "MessageId") VALUES ({conversationId}, NULL);
                INSERT INTO "ChatSearch" (rowid, "Text") VALUES (last_insert_rowid(), {words});
                """,
                cancellationToken);

    protected override async Task<IReadOnlyList<MessageHit>> MatchingMessagesAsync(
        AppDbContext db, SearchQuery query, IReadOnlyCollection<Guid> conversationIds, CancellationToken cancellationToken)
    {
        // The word's FTS5 rows, kept when they are entries of these few chats: FTS5 walks its list of the word once and
        // each row is checked against the chats' few hundred entries (+ keeps rowid from becoming a lookup per entry,
        // which costs a search of the whole list for each entry when there are several terms: 40 ms for 20 chats and
        // "okapi plants" over 40,000 messages, against under a millisecond this way). Not ranked here: FTS5's rank
        // (bm25) would count, for every row looked up, all the rows holding the word.
        // Only placeholders ({0}, {1}...) are put into the SQL; the match and every id are parameters.
        var ids = string.Join(", ", conversationIds.Select((_, i) => $"{{{i + 1}}}"));
        object[] parameters = [Match(query), .. conversationIds.Cast<object>()];
#pragma warning disable EF1003
        return await db.Database.SqlQueryRaw<MessageHit>(
                $"SELECT e.\"ConversationId\", e.\"MessageId\", e.\"Id\" AS \"Entry\" FROM \"ChatSearch\" AS s CROSS JOIN {Entries} AS e ON e.\"Id\" = s.rowid "
                + $"WHERE s.\"ChatSearch\" MATCH {{0}} AND +s.rowid IN "
                + $"(SELECT c.\"Id\" FROM {Entries} AS c WHERE c.\"ConversationId\" IN ({ids}) AND c.\"MessageId\" IS NOT NULL)",
                parameters)
            .ToListAsync(cancellationToken);
#pragma warning restore EF1003
    }

    /// <summary>Every term as an FTS5 phrase ("word" or "two words"), all of them required.</summary>
    private static string Match(SearchQuery query) =>
        string.Join(' ', query.Terms.Select(t => $"\"{t.Replace("\"", "\"\"", StringComparison.Ordinal)}\""));
}

using Microsoft.EntityFrameworkCore;

namespace LlmPages.Data.Sqlite;

/// <summary>
/// The chat search on SQLite: a contentless FTS5 table, <c>ChatSearch</c>, whose rowid is the entry's id in
/// <c>ChatSearchEntries</c>. It holds the index only, not a second copy of every message (<c>contentless_delete=1</c>
/// lets rows be deleted by id). Its tokenizer keeps accents (<c>remove_diacritics 0</c>), because <see cref="SearchText"/>
/// has already folded the words as the app folds them on both engines. Terms reach MATCH as quoted phrases of folded
/// words, so FTS5's query syntax never sees the person's input.
/// </summary>
/// <remarks>
/// An entry's id says which chat it belongs to: the chat's number in <c>ChatSearchChats</c> (given once, never again)
/// times <see cref="EntriesPerChat"/>, plus the entry's place in the chat (0 for the title, then 1, 2... in the order
/// they were written, so later entries are newer). A word in half of 200,000 messages has 100,000 FTS5 rows; finding
/// their chats by shifting the rowids costs nothing, where a lookup of each row's entry took most of a search's time
/// (about 4 times as long for such a word over 10,000 chats).
/// </remarks>
internal sealed class SqliteChatSearch : ChatSearchIndex
{
    /// <summary>
    /// 2^24, written out in the queries (rowids shifted by 24 bits, multiples of 16777216): room for 16 million entries in
    /// a chat; past that, further messages of the chat are not indexed.
    /// </summary>
    private const long EntriesPerChat = 1L << 24;

    public override IQueryable<Guid> MatchingChats(AppDbContext db, SearchQuery query) =>
        // The IN list is the set of chat numbers, each once; each is then one lookup.
        db.Database.SqlQueryRaw<Guid>(
            """SELECT k."ConversationId" AS "Value" FROM "ChatSearchChats" AS k WHERE k."Key" IN (SELECT s.rowid >> 24 FROM "ChatSearch" AS s WHERE s."ChatSearch" MATCH {0})""",
            Match(query));

    protected override Task ReplaceAsync(AppDbContext db, Guid conversationId, Guid? messageId, string words, CancellationToken cancellationToken) =>
        // Deleting the old entry deletes its FTS5 row too (the trigger on ChatSearchEntries). The FTS5 row is written from
        // the entry just inserted, so a chat that is full (or gone) gets neither.
        messageId is { } id
            ? db.Database.ExecuteSqlAsync(
                $"""
                DELETE FROM "ChatSearchEntries" WHERE "MessageId" = {id};
                INSERT OR IGNORE INTO "ChatSearchChats" ("ConversationId") VALUES ({conversationId});
                INSERT INTO "ChatSearchEntries" ("Id", "ConversationId", "MessageId")
                    SELECT n."Next", {conversationId}, {id}
                    FROM (SELECT COALESCE(
                              (SELECT MAX(e."Id") FROM "ChatSearchEntries" AS e WHERE e."Id" > k."Key" * {EntriesPerChat} AND e."Id" < (k."Key" + 1) * {EntriesPerChat}),
                              k."Key" * {EntriesPerChat}) + 1 AS "Next", k."Key"
                          FROM "ChatSearchChats" AS k WHERE k."ConversationId" = {conversationId}) AS n
                    WHERE n."Next" < (n."Key" + 1) * {EntriesPerChat};
                INSERT INTO "ChatSearch" (rowid, "Text") SELECT "Id", {words} FROM "ChatSearchEntries" WHERE "MessageId" = {id};
                """,
                cancellationToken)
            : db.Database.ExecuteSqlAsync(
                $"""
                DELETE FROM "ChatSearchEntries" WHERE "ConversationId" = {conversationId} AND "MessageId" IS NULL;
                INSERT OR IGNORE INTO "ChatSearchChats" ("ConversationId") VALUES ({conversationId});
                INSERT INTO "ChatSearchEntries" ("Id", "ConversationId", "MessageId")
                    SELECT k."Key" * {EntriesPerChat}, {conversationId}, NULL FROM "ChatSearchChats" AS k WHERE k."ConversationId" = {conversationId};
                INSERT INTO "ChatSearch" (rowid, "Text")
                    SELECT "Id", {words} FROM "ChatSearchEntries" WHERE "ConversationId" = {conversationId} AND "MessageId" IS NULL;
                """,
                cancellationToken);

    protected override async Task<IReadOnlyList<MessageHit>> MatchingMessagesAsync(
        AppDbContext db, SearchQuery query, IReadOnlyCollection<Guid> conversationIds, CancellationToken cancellationToken)
    {
        // For each of these few chats, its rows of the word: FTS5 is given the chat's range of rowids (after its title),
        // and seeks to it in the word's list instead of reading the whole list, which for a word in half of all messages
        // is 100,000 rows (3 times as long for a page of 30 chats). Not ranked here: FTS5's rank (bm25) would count, for
        // every row looked up, all the rows holding the word.
        // Only placeholders ({0}, {1}...) are put into the SQL; the match and every id are parameters.
        var ids = string.Join(", ", conversationIds.Select((_, i) => $"{{{i + 1}}}"));
        object[] parameters = [Match(query), .. conversationIds.Cast<object>()];
#pragma warning disable EF1003
        return await db.Database.SqlQueryRaw<MessageHit>(
                $"SELECT k.\"ConversationId\", e.\"MessageId\", e.\"Id\" AS \"Entry\" "
                + $"FROM \"ChatSearchChats\" AS k CROSS JOIN \"ChatSearch\" AS s CROSS JOIN {Entries} AS e ON e.\"Id\" = s.rowid "
                + $"WHERE k.\"ConversationId\" IN ({ids}) AND s.\"ChatSearch\" MATCH {{0}} "
                + "AND s.rowid > k.\"Key\" * 16777216 AND s.rowid < (k.\"Key\" + 1) * 16777216",
                parameters)
            .ToListAsync(cancellationToken);
#pragma warning restore EF1003
    }

    /// <summary>Every term as an FTS5 phrase ("word" or "two words"), all of them required.</summary>
    private static string Match(SearchQuery query) =>
        string.Join(' ', query.Terms.Select(t => $"\"{t.Replace("\"", "\"\"", StringComparison.Ordinal)}\""));
}

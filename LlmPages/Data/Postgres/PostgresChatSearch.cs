using Microsoft.EntityFrameworkCore;

namespace LlmPages.Data.Postgres;

/// <summary>
/// The chat search on PostgreSQL: a <c>tsvector</c> column on <c>ChatSearchEntries</c> with a GIN index. The text search
/// configuration is <c>simple</c>: it lower-cases and nothing else, no stemming and no stop words, so it treats every
/// language alike (an <c>english</c> configuration would stem English and mangle the rest, and one chat may mix
/// languages); <see cref="SearchText"/> has already folded the words exactly as on SQLite. Each term is a
/// <c>phraseto_tsquery</c> of a parameter, so the person's input is never parsed as tsquery syntax.
/// </summary>
/// <remarks>
/// Beside the entries, <c>ChatSearchChats</c> holds each chat's words once (no positions) under a GIN index of its own. A
/// word in half of 200,000 messages is in 100,000 entries but only 10,000 chats: finding the chats from the entries
/// meant reading 100,000 rows (or, as the planner preferred, looking into every chat), 3 to 4 times as long.
/// </remarks>
internal sealed class PostgresChatSearch : ChatSearchIndex
{
    // Only placeholders ({0}, {1}...) are put into these raw queries; every term is a parameter.
#pragma warning disable EF1002, EF1003
    public override IQueryable<Guid> MatchingChats(AppDbContext db, SearchQuery query)
    {
        // The chats holding every word somewhere are found in ChatSearchChats alone. That is the answer for one word; for
        // more, or a phrase, those chats are checked against their entries, where one title or message must hold every term.
        var oneWord = query.Terms.Count == 1 && !query.Terms[0].Contains(' ', StringComparison.Ordinal);
        var sql = "SELECT k.\"ConversationId\" AS \"Value\" FROM \"ChatSearchChats\" AS k WHERE k.\"Words\" @@ plainto_tsquery('simple', {0})"
            + (oneWord ? "" : $" AND EXISTS (SELECT 1 FROM {Entries} AS e WHERE e.\"ConversationId\" = k.\"ConversationId\" AND e.\"Vector\" @@ ({TsQuery(query, 1)}))");
        return db.Database.SqlQueryRaw<Guid>(sql, [string.Join(' ', query.Words), .. query.Terms]);
    }

    /// <remarks>
    /// A message's words are added to its chat's (a message is indexed once, when saved or finished); a title's change
    /// gathers the chat's words again from its entries, so the words of an old title do not stay behind.
    /// </remarks>
    protected override Task ReplaceAsync(AppDbContext db, Guid conversationId, Guid? messageId, string words, CancellationToken cancellationToken) =>
        messageId is { } id
            ? db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO "ChatSearchEntries" ("ConversationId", "MessageId", "Vector") VALUES ({conversationId}, {id}, to_tsvector('simple', {words}))
                ON CONFLICT ("MessageId") DO UPDATE SET "Vector" = excluded."Vector";
                INSERT INTO "ChatSearchChats" ("ConversationId", "Words") VALUES ({conversationId}, strip(to_tsvector('simple', {words})))
                ON CONFLICT ("ConversationId") DO UPDATE SET "Words" = "ChatSearchChats"."Words" || excluded."Words";
                """,
                cancellationToken)
            : db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO "ChatSearchEntries" ("ConversationId", "MessageId", "Vector") VALUES ({conversationId}, NULL, to_tsvector('simple', {words}))
                ON CONFLICT ("ConversationId") WHERE "MessageId" IS NULL DO UPDATE SET "Vector" = excluded."Vector";
                INSERT INTO "ChatSearchChats" ("ConversationId", "Words")
                SELECT {conversationId}, COALESCE(array_to_tsvector(array_agg(DISTINCT u.lexeme)), ''::tsvector)
                FROM "ChatSearchEntries" AS e CROSS JOIN LATERAL unnest(e."Vector") AS u WHERE e."ConversationId" = {conversationId}
                ON CONFLICT ("ConversationId") DO UPDATE SET "Words" = excluded."Words";
                """,
                cancellationToken);

    protected override async Task<IReadOnlyList<MessageHit>> MatchingMessagesAsync(
        AppDbContext db, SearchQuery query, IReadOnlyCollection<Guid> conversationIds, CancellationToken cancellationToken)
    {
        object[] parameters = [conversationIds.ToArray(), .. query.Terms];
        return await db.Database.SqlQueryRaw<MessageHit>(
                $"SELECT e.\"ConversationId\", e.\"MessageId\", e.\"Id\" AS \"Entry\" "
                + $"FROM {Entries} AS e, (SELECT {TsQuery(query, 1)} AS query) AS q "
                + "WHERE e.\"ConversationId\" = ANY({0}) AND e.\"MessageId\" IS NOT NULL AND e.\"Vector\" @@ q.query",
                parameters)
            .ToListAsync(cancellationToken);
    }
#pragma warning restore EF1002, EF1003

    /// <summary>Every term as a phrase query of its parameter ({first}, {first + 1}...), all of them required.</summary>
    private static string TsQuery(SearchQuery query, int first) =>
        string.Join(" && ", query.Terms.Select((_, i) => $"phraseto_tsquery('simple', {{{first + i}}})"));
}

using Microsoft.EntityFrameworkCore;

namespace LlmPages.Data.Postgres;

/// <summary>
/// The chat search on PostgreSQL: a <c>tsvector</c> column on <c>ChatSearchEntries</c> with a GIN index. The text search
/// configuration is <c>simple</c>: it lower-cases and nothing else, no stemming and no stop words, so it treats every
/// language alike (an <c>english</c> configuration would stem English and mangle the rest, and one chat may mix
/// languages); <see cref="SearchText"/> has already folded the words exactly as on SQLite. Each term is a
/// <c>phraseto_tsquery</c> of a parameter, so the person's input is never parsed as tsquery syntax.
/// </summary>
internal sealed class PostgresChatSearch : ChatSearchIndex
{
    // Only placeholders ({0}, {1}...) are put into these raw queries; every term is a parameter.
#pragma warning disable EF1002, EF1003
    public override IQueryable<Guid> MatchingChats(AppDbContext db, SearchQuery query) =>
        db.Database.SqlQueryRaw<Guid>(
            $"SELECT e.\"ConversationId\" AS \"Value\" FROM {Entries} AS e WHERE e.\"Vector\" @@ ({TsQuery(query, 0)})",
            [.. query.Terms]);

    protected override Task ReplaceAsync(AppDbContext db, Guid conversationId, Guid? messageId, string words, CancellationToken cancellationToken) =>
        messageId is { } id
            ? db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO "ChatSearchEntries" ("ConversationId", "MessageId", "Vector") VALUES ({conversationId}, {id}, to_tsvector('simple', {words}))
                ON CONFLICT ("MessageId") DO UPDATE SET "Vector" = excluded."Vector"
                """,
                cancellationToken)
            : db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO "ChatSearchEntries" ("ConversationId", "MessageId", "Vector") VALUES ({conversationId}, NULL, to_tsvector('simple', {words}))
                ON CONFLICT ("ConversationId") WHERE "MessageId" IS NULL DO UPDATE SET "Vector" = excluded."Vector"
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

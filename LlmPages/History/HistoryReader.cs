using System.Data.Common;
using LlmPages.Chat;
using LlmPages.Chat.Streaming;
using LlmPages.Data;
using LlmPages.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LlmPages.History;

/// <summary>
/// What the history shows: every chat of one person (the owner is part of every query), searched, filtered, sorted
/// and a page at a time, with the best matching snippet of each found chat. The search itself is the engine's
/// (<see cref="ChatSearchIndex"/>), composed into one query with the owner and the filters.
/// </summary>
public sealed partial class HistoryReader(
    AppDbContext db, ChatSearchIndex search, GenerationHub hub, IOptions<ChatLimits> limits, ILogger<HistoryReader> logger)
{
    /// <summary>One chat in the list; <see cref="Snippet"/> only when searching and a message matched.</summary>
    public sealed record Row(
        Guid Id, string Title, IHtmlContent TitleHtml, string? ProjectName, string? ModelName, DateTime UpdatedAt, bool IsArchived,
        bool IsStreaming, IHtmlContent? Snippet);

    /// <summary>A page of the list; <see cref="HasChats"/> tells "no chats at all" from "none of them match".</summary>
    public sealed record Result(IReadOnlyList<Row> Rows, Paging Paging, bool HasChats, string? SearchError);

    /// <summary>An option of a select: its value in the query string and the text shown.</summary>
    public sealed record Choice(string Value, string Text);

    /// <summary>The person's projects and the models, for the filters and for "Move to".</summary>
    public sealed record Choices(IReadOnlyList<Choice> Projects, IReadOnlyList<Choice> Models);

    public async Task<Choices> ChoicesAsync(string userId, CancellationToken cancellationToken)
    {
        var projects = await db.Projects.AsNoTracking()
            .Where(p => p.OwnerId == userId)
            .OrderBy(p => p.NameKey).ThenBy(p => p.Id)
            .Select(p => new { p.Id, p.Name })
            .ToListAsync(cancellationToken);
        // Every model, the inactive ones too: older chats may use them.
        var models = await db.AiModels.AsNoTracking()
            .OrderBy(m => m.DisplayNameKey).ThenBy(m => m.Id)
            .Select(m => new { m.Id, m.DisplayName })
            .ToListAsync(cancellationToken);
        return new Choices(
            [.. projects.Select(p => new Choice(p.Id.ToString(), p.Name))],
            [.. models.Select(m => new Choice(m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), m.DisplayName))]);
    }

    public async Task<Result> ReadAsync(string userId, HistoryFilter filter, int? page, CancellationToken cancellationToken)
    {
        var chats = Filtered(userId, filter);
        Paging paging;
        List<Row> rows;
        try
        {
            (paging, rows) = filter.Search is null
                ? await ListAsync(chats, filter.Sort, page, cancellationToken)
                : await SearchAsync(userId, chats, filter, page, cancellationToken);
        }
        catch (DbException e) when (filter.Search is not null)
        {
            // Terms reach the engine only as folded words, so this should not happen; if it does, it is said beside the box.
            LogSearchFailed(logger, e);
            return new Result([], Paging.For(1, 0), HasChats: true, "The search could not be run. Try other words.");
        }
        var hasChats = paging.TotalCount > 0 || await db.Conversations.AnyAsync(c => c.OwnerId == userId, cancellationToken);
        return new Result(rows, paging, hasChats, null);
    }

    /// <summary>Without a search: the count, then the page, each a cheap query on the person's chats.</summary>
    private async Task<(Paging, List<Row>)> ListAsync(
        IQueryable<Data.Entities.Conversation> chats, HistorySort sort, int? page, CancellationToken cancellationToken)
    {
        var paging = Paging.For(page, await chats.CountAsync(cancellationToken), limits.Value.HistoryPerPage);
        return (paging, await PageAsync(Sorted(chats, sort), paging, null, cancellationToken));
    }

    /// <summary>
    /// With a search: the ids of every matching chat in order, in one query, then the page's rows by their ids. The
    /// engine's match of a common word runs over up to one index entry per message (100,000 for a word in half of
    /// 200,000 messages); counting and then paging ran it twice, the costliest part of a search.
    /// </summary>
    private async Task<(Paging, List<Row>)> SearchAsync(
        string userId, IQueryable<Data.Entities.Conversation> chats, HistoryFilter filter, int? page, CancellationToken cancellationToken)
    {
        var ids = await Sorted(chats, filter.Sort).Select(c => c.Id).ToListAsync(cancellationToken);
        var paging = Paging.For(page, ids.Count, limits.Value.HistoryPerPage);
        var pageIds = ids.Skip(paging.Skip).Take(paging.PageSize).ToList();
        var onPage = db.Conversations.AsNoTracking().Where(c => c.OwnerId == userId && pageIds.Contains(c.Id));
        return (paging, await PageAsync(Sorted(onPage, filter.Sort), Paging.For(1, pageIds.Count, Math.Max(1, pageIds.Count)), filter.Search, cancellationToken));
    }

    /// <summary>The titles of these chats, or null when one of them is not this person's.</summary>
    public async Task<IReadOnlyList<Row>?> FindOwnedAsync(string userId, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var chats = db.Conversations.AsNoTracking().Where(c => c.OwnerId == userId && ids.Contains(c.Id));
        var rows = await PageAsync(Sorted(chats, HistorySort.Newest), Paging.For(1, ids.Count, Math.Max(1, ids.Count)), null, cancellationToken);
        return rows.Count == ids.Count ? rows : null;
    }

    private IQueryable<Data.Entities.Conversation> Filtered(string userId, HistoryFilter filter)
    {
        var chats = db.Conversations.AsNoTracking().Where(c => c.OwnerId == userId);
        chats = filter.Archived switch
        {
            ArchivedChoice.No => chats.Where(c => !c.IsArchived),
            ArchivedChoice.Only => chats.Where(c => c.IsArchived),
            _ => chats,
        };
        if (filter.ProjectId is { } projectId)
        {
            chats = chats.Where(c => c.ProjectId == projectId);
        }
        else if (filter.WithoutProject)
        {
            chats = chats.Where(c => c.ProjectId == null);
        }
        if (filter.ModelId is { } modelId)
        {
            chats = chats.Where(c => c.ModelId == modelId);
        }
        if (filter.From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            chats = chats.Where(c => c.UpdatedAt >= start);
        }
        if (filter.To is { } to)
        {
            var end = to.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(1);
            chats = chats.Where(c => c.UpdatedAt < end);
        }
        if (filter.Search is { } query)
        {
            var matching = search.MatchingChats(db, query);
            chats = chats.Where(c => matching.Contains(c.Id));
        }
        return chats;
    }

    private static IQueryable<Data.Entities.Conversation> Sorted(IQueryable<Data.Entities.Conversation> chats, HistorySort sort) => sort switch
    {
        HistorySort.Oldest => chats.OrderBy(c => c.UpdatedAt).ThenBy(c => c.Id),
        HistorySort.Title => chats.OrderBy(c => c.TitleKey).ThenByDescending(c => c.UpdatedAt).ThenBy(c => c.Id),
        _ => chats.OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id),
    };

    private async Task<List<Row>> PageAsync(IQueryable<Data.Entities.Conversation> sorted, Paging paging, SearchQuery? query, CancellationToken cancellationToken)
    {
        var items = await sorted
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(c => new { c.Id, c.Title, ProjectName = c.Project != null ? c.Project.Name : null, ModelName = c.Model != null ? c.Model.DisplayName : null, c.UpdatedAt, c.IsArchived })
            .ToListAsync(cancellationToken);
        var snippets = query is null ? [] : await SnippetsAsync(query, [.. items.Select(i => i.Id)], cancellationToken);
        return [.. items.Select(c => new Row(
            c.Id, c.Title, SearchSnippet.Highlight(c.Title, query), c.ProjectName, c.ModelName, c.UpdatedAt, c.IsArchived,
            hub.ForConversation(c.Id) is not null, snippets.GetValueOrDefault(c.Id)))];
    }

    /// <summary>For each chat, its best matching message with the words marked (chats found by their title alone have none).</summary>
    private async Task<Dictionary<Guid, IHtmlContent>> SnippetsAsync(SearchQuery query, List<Guid> chatIds, CancellationToken cancellationToken)
    {
        var best = await search.BestMessagesAsync(db, query, chatIds, cancellationToken);
        var messageIds = best.Values.ToList();
        var texts = await db.Messages.AsNoTracking()
            .Where(m => messageIds.Contains(m.Id))
            .Select(m => new { m.Id, Text = m.Content.Substring(0, SearchText.MaxIndexedLength) })
            .ToDictionaryAsync(m => m.Id, m => m.Text, cancellationToken);
        var snippets = new Dictionary<Guid, IHtmlContent>();
        foreach (var (chatId, messageId) in best)
        {
            if (texts.TryGetValue(messageId, out var text) && SearchSnippet.Of(text, query) is { } snippet)
            {
                snippets[chatId] = snippet;
            }
        }
        return snippets;
    }

    [LoggerMessage(1, LogLevel.Warning, "A history search failed in the database")]
    private static partial void LogSearchFailed(ILogger logger, Exception exception);
}

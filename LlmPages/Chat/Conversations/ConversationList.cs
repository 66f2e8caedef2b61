using LlmPages.Chat;
using LlmPages.Chat.Streaming;
using LlmPages.Data;
using LlmPages.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LlmPages.Chat.Conversations;

/// <summary>A person's chats, newest first, one page at a time, grouped by the day they last changed.</summary>
public sealed class ConversationList(AppDbContext db, GenerationHub hub, IOptions<ChatLimits> limits, TimeProvider time)
{
    public sealed record Item(Guid Id, string Title, DateTime UpdatedAt, bool IsStreaming);

    public sealed record Group(string Label, IReadOnlyList<Item> Items);

    public sealed record Result(IReadOnlyList<Group> Groups, Paging Paging);

    public async Task<Result> PageAsync(string userId, int? page, CancellationToken cancellationToken)
    {
        var query = db.Conversations.AsNoTracking().Where(c => c.OwnerId == userId && !c.IsArchived);
        var paging = Paging.For(page, await query.CountAsync(cancellationToken), limits.Value.ConversationsPerPage);
        var items = await query
            .OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id)
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(c => new { c.Id, c.Title, c.UpdatedAt })
            .ToListAsync(cancellationToken);
        var today = time.GetUtcNow().UtcDateTime.Date;
        var groups = items
            .Select(c => new Item(c.Id, c.Title, c.UpdatedAt, hub.ForConversation(c.Id) is not null))
            .GroupBy(c => c.UpdatedAt.Date)
            .Select(g => new Group(DayLabel(g.Key, today), [.. g]))
            .ToList();
        return new Result(groups, paging);
    }

    private static string DayLabel(DateTime day, DateTime today) =>
        day == today ? "Today"
        : day == today.AddDays(-1) ? "Yesterday"
        : day.ToString(day.Year == today.Year ? "dddd d MMMM" : "d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
}

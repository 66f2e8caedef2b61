using LlmPages.Chat;
using LlmPages.Chat.Streaming;
using LlmPages.Data;
using LlmPages.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LlmPages.Chat.Conversations;

/// <summary>A person's chats, newest first, one page at a time, grouped by the day they last changed.</summary>
/// <remarks>
/// Days are the app's time zone's (<see cref="AppTimeZone"/>, <c>LlmPages:TimeZone</c>, UTC by default), worked out here
/// in C# from the UTC times the database keeps, so they are the same on both engines; the page names the zone, since the
/// server cannot know each reader's own (pages work without JavaScript).
/// </remarks>
public sealed class ConversationList(AppDbContext db, GenerationHub hub, IOptions<ChatLimits> limits, TimeProvider time, AppTimeZone zone)
{
    public sealed record Item(Guid Id, string Title, DateTime UpdatedAt, bool IsStreaming);

    public sealed record Group(string Label, IReadOnlyList<Item> Items);

    /// <param name="TimeZone">The zone the days are in, named on the page.</param>
    public sealed record Result(IReadOnlyList<Group> Groups, Paging Paging, string TimeZone);

    public async Task<Result> PageAsync(string userId, int? page, CancellationToken cancellationToken)
    {
        var query = db.Conversations.AsNoTracking().Where(c => c.OwnerId == userId && !c.IsArchived);
        var paging = Paging.For(page, await query.CountAsync(cancellationToken), limits.Value.ConversationsPerPage);
        var items = await query
            .OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id)
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(c => new { c.Id, c.Title, c.UpdatedAt })
            .ToListAsync(cancellationToken);
        var today = zone.ToLocal(time.GetUtcNow().UtcDateTime).Date;
        var groups = items
            .Select(c => new Item(c.Id, c.Title, c.UpdatedAt, hub.ForConversation(c.Id) is not null))
            .GroupBy(c => zone.ToLocal(c.UpdatedAt).Date)
            .Select(g => new Group(DayLabel(g.Key, today), [.. g]))
            .ToList();
        return new Result(groups, paging, zone.Name);
    }

    private static string DayLabel(DateTime day, DateTime today) =>
        day == today ? "Today"
        : day == today.AddDays(-1) ? "Yesterday"
        : day.ToString(day.Year == today.Year ? "dddd d MMMM" : "d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
}

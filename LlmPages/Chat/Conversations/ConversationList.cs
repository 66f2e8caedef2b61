using LlmPages.Chat;
using LlmPages.Chat.Streaming;
using LlmPages.Data;
using LlmPages.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LlmPages.Chat.Conversations;

/// <summary>A person's chats, newest first, one page at a time, grouped by the day they last changed.</summary>
/// <remarks>
/// Days are UTC days, on purpose for now: the server does not know the reader's time zone (pages work without
/// JavaScript, and there is no time zone setting), the grouping is done here in C# from UTC times, so it is the same on
/// both engines and for every reader, and the page says nothing it cannot know. The cost: far from UTC, a chat from late
/// in the evening shows under the next day ("Today" while it is still yesterday evening for the reader). The fix, when
/// wanted, is a time zone in <c>UserSettings</c> (offered from the browser's own once, as a hidden field when signing in),
/// applied here and wherever a date is shown; the database keeps UTC either way.
/// </remarks>
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

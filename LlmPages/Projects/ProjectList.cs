using LlmPages.Data;
using LlmPages.Web;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Projects;

/// <summary>
/// A person's projects for the projects page: each with its number of chats and its last activity (its newest chat's
/// last change, or its own last edit when that is later), most recent activity first, one page at a time.
/// </summary>
/// <remarks>
/// Both figures are counted when the page is read, from the index the project page reads too
/// (Conversations: ProjectId, OwnerId, UpdatedAt), rather than kept on the project: a chat changes with every message,
/// and keeping a copy on its project would add a write to every turn for a page read far less often.
/// </remarks>
public sealed class ProjectList(AppDbContext db)
{
    public sealed record Row(Guid Id, string Name, string? Description, int ChatCount, DateTime LastActivity);

    public sealed record Result(IReadOnlyList<Row> Rows, Paging Paging);

    /// <summary>"1 chat", "10,000 chats".</summary>
    public static string ChatCount(int count) =>
        count == 1 ? "1 chat" : $"{count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} chats";

    public async Task<Result> PageAsync(string ownerId, int? page, CancellationToken cancellationToken)
    {
        var projects = db.Projects.AsNoTracking().Where(p => p.OwnerId == ownerId);
        var paging = Paging.For(page, await projects.CountAsync(cancellationToken));
        var rows = await projects
            .Select(p => new
            {
                p.Id,
                p.Name,
                p.NameKey,
                p.Description,
                p.UpdatedAt,
                ChatCount = db.Conversations.Count(c => c.ProjectId == p.Id && c.OwnerId == ownerId),
                LastChat = db.Conversations.Where(c => c.ProjectId == p.Id && c.OwnerId == ownerId).Max(c => (DateTime?)c.UpdatedAt),
            })
            .Select(p => new { p.Id, p.Name, p.NameKey, p.Description, p.ChatCount, LastActivity = p.LastChat > p.UpdatedAt ? p.LastChat.Value : p.UpdatedAt })
            .OrderByDescending(p => p.LastActivity).ThenBy(p => p.NameKey).ThenBy(p => p.Id)
            .Skip(paging.Skip).Take(paging.PageSize)
            .ToListAsync(cancellationToken);
        return new Result([.. rows.Select(r => new Row(r.Id, r.Name, r.Description, r.ChatCount, r.LastActivity))], paging);
    }
}

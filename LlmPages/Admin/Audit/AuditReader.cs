using LlmPages.Data;
using LlmPages.Web;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Admin.Audit;

/// <summary>
/// The audit page's query: rows by actor (e-mail address, name or id), action (its start: <c>provider.</c> finds every
/// provider action), target (kind or id) and days, newest first, a page at a time, with the actor's e-mail address when
/// the account still exists. Text matches ignore case on both engines.
/// </summary>
public sealed class AuditReader(AppDbContext db)
{
    public const string ActorName = "actor";
    public const string ActionName = "action";
    public const string TargetName = "target";
    public const int PageSize = 50;

    public static readonly string[] FieldNames = [ActorName, ActionName, TargetName];

    public sealed record Row(
        long Id, DateTime CreatedAt, string? ActorId, string? ActorEmail, string Action, string TargetType, string? TargetId, string? Details, string? IpAddress);

    public async Task<(IReadOnlyList<Row> Rows, Paging Paging)> ReadAsync(LogFilter filter, int? page, CancellationToken cancellationToken)
    {
        var rows =
            from e in db.AuditEvents.AsNoTracking()
            join u in db.Users.AsNoTracking() on e.ActorId equals u.Id into actors
            from actor in actors.DefaultIfEmpty()
            select new { Event = e, Email = actor == null ? null : actor.Email, Name = actor == null ? null : actor.DisplayName };
        if (filter.Text(ActorName)?.ToLowerInvariant() is { } who)
        {
            rows = rows.Where(r => r.Event.ActorId == who
                || (r.Email != null && r.Email.ToLower().Contains(who))
                || (r.Name != null && r.Name.ToLower().Contains(who)));
        }
        if (filter.Text(ActionName)?.ToLowerInvariant() is { } action)
        {
            rows = rows.Where(r => r.Event.Action.StartsWith(action));
        }
        if (filter.Text(TargetName)?.ToLowerInvariant() is { } target)
        {
            rows = rows.Where(r => r.Event.TargetType.ToLower().Contains(target) || (r.Event.TargetId != null && r.Event.TargetId.ToLower() == target));
        }
        if (filter.FromUtc is { } from)
        {
            rows = rows.Where(r => r.Event.CreatedAt >= from);
        }
        if (filter.BeforeUtc is { } before)
        {
            rows = rows.Where(r => r.Event.CreatedAt < before);
        }
        var paging = Paging.For(page, await rows.CountAsync(cancellationToken), PageSize);
        var list = await rows
            .OrderByDescending(r => r.Event.CreatedAt).ThenByDescending(r => r.Event.Id)
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(r => new Row(r.Event.Id, r.Event.CreatedAt, r.Event.ActorId, r.Email, r.Event.Action, r.Event.TargetType,
                r.Event.TargetId, r.Event.Details, r.Event.IpAddress))
            .ToListAsync(cancellationToken);
        return (list, paging);
    }
}

using LlmPages.Accounts;
using LlmPages.Data;
using LlmPages.Data.Entities;

namespace LlmPages.Admin.Audit;

/// <summary>
/// The audit log's one way in: who did what to which thing, from which address. The actor is the signed-in person
/// and the address the request's (after <c>ProxyHeaders</c>), unless the caller names another actor (a sign-in, before
/// the person is signed in).
/// <para>
/// <see cref="Add"/> only adds the row to the request's <see cref="AppDbContext"/>: the action's own SaveChanges then
/// writes it in the same transaction, so a change that fails leaves no row and a row never lies about a change.
/// <see cref="RecordAsync"/> adds and saves, for actions that save nothing themselves or saved already.
/// </para>
/// Details never carry secrets (API keys, passwords) or message content: say which fields changed, not their values.
/// </summary>
public sealed class AuditLog(AppDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    /// <summary>The longest details kept; the column's size.</summary>
    public const int MaxDetails = 4000;

    /// <summary>
    /// Adds the row to the context, unsaved; the caller's next SaveChanges writes it. Returns it, so a caller may fill in
    /// what it learns on saving (e.g. which fields changed).
    /// </summary>
    /// <param name="action">What was done, as <c>kind.verb</c>: <c>provider.update</c>, <c>sign-in.failed</c>.</param>
    /// <param name="targetType">The kind of thing acted on, the entity's name: <c>AiProvider</c>, <c>AppUser</c>.</param>
    /// <param name="targetId">The thing's id, when it has one.</param>
    /// <param name="details">Plain words for the admin (a name, the fields changed); never a secret or message text.</param>
    /// <param name="actorId">Who acted, when not the signed-in person.</param>
    public AuditEvent Add(string action, string targetType, string? targetId, string? details = null, string? actorId = null)
    {
        var context = http.HttpContext;
        var entry = new AuditEvent
        {
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            ActorId = actorId ?? context?.User.UserId(),
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            Details = Clip(details),
            IpAddress = context?.Connection.RemoteIpAddress?.ToString(),
        };
        db.AuditEvents.Add(entry);
        return entry;
    }

    /// <summary>Adds the row and saves it (with whatever else the request's context has pending).</summary>
    public async Task RecordAsync(string action, string targetType, string? targetId, string? details = null,
        string? actorId = null, CancellationToken cancellationToken = default)
    {
        Add(action, targetType, targetId, details, actorId);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Details cut to what the column keeps.</summary>
    public static string? Clip(string? details) =>
        details is { Length: > MaxDetails } ? details[..(MaxDetails - 1)] + "…" : details;
}

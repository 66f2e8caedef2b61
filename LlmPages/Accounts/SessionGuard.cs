using System.Collections.Concurrent;
using System.Security.Claims;
using LlmPages.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LlmPages.Accounts;

/// <summary>
/// Whether a signed-in person's session is still good: the server-side session (<see cref="SessionRegistry"/>) has
/// not been revoked or expired, and the account exists, is active, and has the security stamp the session was
/// issued with. Every request asks (the cookie's OnValidatePrincipal), and long-lived responses (a streamed reply)
/// ask again as they go, so logging out, a password change or deactivation ends them at once.
/// </summary>
/// <remarks>
/// This replaces Identity's SecurityStampValidator, which at a zero interval rebuilt the principal from five
/// queries and re-issued the cookie on every request (a third of a chat POST's server time). One query, by two
/// primary keys (the session's and its user's), is enough because everything in the cookie that can go stale is
/// tied to the stamp: whatever changes a person's roles must also call <c>UserManager.UpdateSecurityStampAsync</c>,
/// which signs them in afresh. The session's <c>LastSeenAt</c> is written at most every
/// <see cref="LastSeenGranularity"/>, not on every request.
/// </remarks>
public sealed class SessionGuard(IServiceScopeFactory scopes, IOptions<IdentityOptions> identity, TimeProvider time)
{
    /// <summary>How far behind a session's <c>LastSeenAt</c> may be: it is written at most this often.</summary>
    public static readonly TimeSpan LastSeenGranularity = TimeSpan.FromMinutes(5);

    // Compiled per app, not once per process: a compiled query only runs against the model it was compiled for, and a
    // process may run the app on both engines (copy-to-postgres's tests, SQLite then PostgreSQL), each with its own model.
    private readonly Func<AppDbContext, Guid, string, string, DateTime, CancellationToken, Task<DateTime?>> lastSeenIfValid =
        EF.CompileAsyncQuery((AppDbContext db, Guid sessionId, string userId, string stamp, DateTime now, CancellationToken _) =>
            db.UserSessions
                .Where(s => s.Id == sessionId && s.UserId == userId && s.RevokedAt == null && s.ExpiresAt > now
                    && s.User.IsActive && s.User.SecurityStamp == stamp)
                .Select(s => (DateTime?)s.LastSeenAt)
                .FirstOrDefault());

    /// <summary>Shared checks for long-lived readers, by session, with when each was started.</summary>
    private readonly ConcurrentDictionary<Session, (Task<bool> Check, long StartedAt)> recent = new();

    /// <summary>
    /// Asks the database now, with a context of its own: the request's context would stay alive as long as the
    /// request, which for a streamed reply is minutes, once per open stream.
    /// </summary>
    public Task<bool> IsValidAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        SessionOf(user) is { } session ? MatchesAsync(session, cancellationToken) : Task.FromResult(false);

    /// <summary>
    /// For responses that outlive their request (a streamed reply): a check started within <paramref name="maxAge"/>
    /// answers for every reader of the same session, so a browser with many open streams costs one query per
    /// interval, not one per stream.
    /// </summary>
    public async Task<bool> IsStillValidAsync(ClaimsPrincipal user, TimeSpan maxAge, CancellationToken cancellationToken)
    {
        if (SessionOf(user) is not { } session)
        {
            return false;
        }
        var now = time.GetTimestamp();
        var entry = recent.AddOrUpdate(
            session,
            // Not any one reader's token: the answer is shared by all of them.
            key => (MatchesAsync(key, CancellationToken.None), now),
            (key, old) => time.GetElapsedTime(old.StartedAt, now) < maxAge ? old : (MatchesAsync(key, CancellationToken.None), now));
        if (entry.StartedAt == now && recent.Count > 10_000)
        {
            Forget(maxAge, now); // only when a check was started: counting takes every lock of the dictionary
        }
        return await entry.Check.WaitAsync(cancellationToken);
    }

    private async Task<bool> MatchesAsync(Session session, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        if (await lastSeenIfValid(db, session.Id, session.UserId, session.Stamp, now, cancellationToken) is not { } lastSeen)
        {
            return false;
        }
        if (now - lastSeen >= LastSeenGranularity)
        {
            await db.UserSessions.Where(s => s.Id == session.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), cancellationToken);
        }
        return true;
    }

    private void Forget(TimeSpan maxAge, long now)
    {
        foreach (var (key, value) in recent)
        {
            if (time.GetElapsedTime(value.StartedAt, now) >= maxAge)
            {
                recent.TryRemove(key, out _);
            }
        }
    }

    private Session? SessionOf(ClaimsPrincipal user) =>
        user.UserId() is { } userId
        && user.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType) is { } stamp
        && user.SessionId() is { } id
            ? new Session(userId, stamp, id)
            : null;

    /// <summary>What a session cookie says about its session: whose it is, the stamp it was issued with, and its id.</summary>
    private readonly record struct Session(string UserId, string Stamp, Guid Id);
}

using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LlmPages.Accounts;

/// <summary>
/// The server's record of signed-in sessions (<see cref="UserSession"/>): one is started at each sign-in, and its
/// id travels in the session cookie (<see cref="SessionClaim"/>), which <see cref="SessionGuard"/> checks on every
/// request. Revoking a session ends it wherever its cookie is replayed, without touching the person's other
/// sessions, which a new security stamp cannot do: the stamp is one per person.
/// </summary>
/// <remarks>
/// Logging out revokes the session it is done from (<see cref="SessionCookieEvents"/>). "Sign out everywhere" and a
/// password change use <see cref="RevokeAllAsync"/>, keeping the session they are done from if they pass it. Rows
/// that can never be used again are deleted at each sign-in, so the table holds about one row per live session.
/// </remarks>
public sealed partial class SessionRegistry(
    AppDbContext db,
    IOptions<AccountsOptions> options,
    TimeProvider clock,
    ILogger<SessionRegistry> logger)
{
    /// <summary>The claim in the session cookie that holds the session's id.</summary>
    public const string SessionClaim = "llmpages:session";

    /// <summary>Records a new session for a person who has just signed in, and returns its id.</summary>
    public async Task<Guid> StartAsync(string userId, CancellationToken cancellationToken = default)
    {
        var now = Now;
        var pruned = await PruneAsync(cancellationToken);
        if (pruned > 0)
        {
            LogPruned(logger, pruned);
        }
        var session = new UserSession
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now + options.Value.AbsoluteLifetime,
        };
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(session).State = EntityState.Detached;
        return session.Id;
    }

    /// <summary>Ends one of this person's sessions; false when it is not theirs or has ended already.</summary>
    public async Task<bool> RevokeAsync(string userId, Guid sessionId, CancellationToken cancellationToken = default)
    {
        var now = Now;
        return await db.UserSessions
            .Where(s => s.Id == sessionId && s.UserId == userId && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), cancellationToken) == 1;
    }

    /// <summary>
    /// Ends every session of this person, except <paramref name="keep"/> if given (the session asking, which
    /// stays signed in); returns how many were ended.
    /// </summary>
    public async Task<int> RevokeAllAsync(string userId, Guid? keep = null, CancellationToken cancellationToken = default)
    {
        var now = Now;
        var sessions = db.UserSessions.Where(s => s.UserId == userId && s.RevokedAt == null);
        if (keep is { } kept)
        {
            sessions = sessions.Where(s => s.Id != kept);
        }
        var revoked = await sessions.ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), cancellationToken);
        LogRevokedAll(logger, revoked, userId);
        return revoked;
    }

    /// <summary>Deletes sessions that can never be used again: revoked, past their absolute lifetime, or idle too long.</summary>
    public Task<int> PruneAsync(CancellationToken cancellationToken = default)
    {
        var now = Now;
        // LastSeenAt lags by up to the guard's granularity; a cookie idle longer than the timeout is refused anyway.
        var idleSince = now - options.Value.IdleTimeout - SessionGuard.LastSeenGranularity;
        return db.UserSessions
            .Where(s => s.RevokedAt != null || s.ExpiresAt <= now || s.LastSeenAt < idleSince)
            .ExecuteDeleteAsync(cancellationToken);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Revoked {Count} sessions of user {UserId}")]
    private static partial void LogRevokedAll(ILogger logger, int count, string userId);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Debug, Message = "Deleted {Count} sessions that had ended")]
    private static partial void LogPruned(ILogger logger, int count);
}

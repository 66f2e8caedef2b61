using System.Collections.Concurrent;
using System.Security.Claims;
using LlmPages.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LlmPages.Accounts;

/// <summary>
/// Whether a signed-in person's session is still good: the account exists, is active, and has the security
/// stamp the session was issued with. Every request asks (the cookie's OnValidatePrincipal), and long-lived
/// responses (a streamed reply) ask again as they go, so a password change or deactivation ends them at once.
/// </summary>
/// <remarks>
/// This replaces Identity's SecurityStampValidator, which at a zero interval rebuilt the principal from five
/// queries and re-issued the cookie on every request (a third of a chat POST's server time). One indexed query
/// is enough because everything in the cookie that can go stale is tied to the stamp: whatever changes a
/// person's roles must also call <c>UserManager.UpdateSecurityStampAsync</c>, which signs them in afresh.
/// </remarks>
public sealed class SessionGuard(IServiceScopeFactory scopes, IOptions<IdentityOptions> identity, TimeProvider time)
{
    private static readonly Func<AppDbContext, string, string, CancellationToken, Task<bool>> StampMatches =
        EF.CompileAsyncQuery((AppDbContext db, string userId, string stamp, CancellationToken _) =>
            db.Users.Any(u => u.Id == userId && u.IsActive && u.SecurityStamp == stamp));

    /// <summary>Shared checks for long-lived readers, by session (person and stamp), with when each was started.</summary>
    private readonly ConcurrentDictionary<(string UserId, string Stamp), (Task<bool> Check, long StartedAt)> recent = new();

    /// <summary>
    /// Asks the database now, with a context of its own: the request's context would stay alive as long as the
    /// request, which for a streamed reply is minutes, once per open stream.
    /// </summary>
    public Task<bool> IsValidAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        Session(user) is { } session ? MatchesAsync(session, cancellationToken) : Task.FromResult(false);

    /// <summary>
    /// For responses that outlive their request (a streamed reply): a check started within <paramref name="maxAge"/>
    /// answers for every reader of the same session, so a person with many open streams costs one query per
    /// interval, not one per stream.
    /// </summary>
    public async Task<bool> IsStillValidAsync(ClaimsPrincipal user, TimeSpan maxAge, CancellationToken cancellationToken)
    {
        if (Session(user) is not { } session)
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

    private async Task<bool> MatchesAsync((string UserId, string Stamp) session, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await StampMatches(scope.ServiceProvider.GetRequiredService<AppDbContext>(), session.UserId, session.Stamp, cancellationToken);
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

    private (string UserId, string Stamp)? Session(ClaimsPrincipal user) =>
        user.UserId() is { } userId && user.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType) is { } stamp
            ? (userId, stamp)
            : null;
}

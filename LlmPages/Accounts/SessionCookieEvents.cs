using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace LlmPages.Accounts;

/// <summary>
/// The session cookie's life. Signing in gives it its start time (<see cref="SessionLifetime"/>) and a server-side
/// session (<see cref="SessionRegistry"/>); every request checks both (<see cref="SessionGuard"/>); signing out
/// revokes the server-side session, so the cookie is worthless wherever a copy of it is replayed.
/// </summary>
internal sealed class SessionCookieEvents(SessionGuard guard, IOptions<AccountsOptions> options, TimeProvider clock)
    : CookieAuthenticationEvents
{
    /// <summary>The session's id in the ticket's properties, which survive Identity's RefreshSignInAsync (the claims are rebuilt).</summary>
    private const string SessionKey = "llmpages.session-id";

    public override async Task SigningIn(CookieSigningInContext context)
    {
        SessionLifetime.MarkStart(context, clock);
        if (context.Principal?.Identity is not ClaimsIdentity identity || context.Principal.UserId() is not { } userId)
        {
            return;
        }

        var registry = context.HttpContext.RequestServices.GetRequiredService<SessionRegistry>();
        if (!context.Properties.Items.TryGetValue(SessionKey, out var kept) || !Guid.TryParseExact(kept, "N", out var sessionId))
        {
            // A new sign-in in this browser replaces the session it had, if any: that one ends here.
            if (context.HttpContext.User.UserId() is { } previousUser && context.HttpContext.User.SessionId() is { } previous)
            {
                await registry.RevokeAsync(previousUser, previous, context.HttpContext.RequestAborted);
            }
            sessionId = await registry.StartAsync(userId, context.HttpContext.RequestAborted);
            context.Properties.Items[SessionKey] = sessionId.ToString("N");
        }
        foreach (var stale in identity.FindAll(SessionRegistry.SessionClaim).ToList())
        {
            identity.RemoveClaim(stale);
        }
        identity.AddClaim(new Claim(SessionRegistry.SessionClaim, sessionId.ToString("N")));
    }

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        if (SessionLifetime.HasExpired(context.Properties, options.Value.AbsoluteLifetime, clock)
            || context.Principal is null
            || !await guard.IsValidAsync(context.Principal, context.HttpContext.RequestAborted))
        {
            await SessionLifetime.RejectAsync(context);
        }
    }

    public override async Task SigningOut(CookieSigningOutContext context)
    {
        // The request's own user: a cookie rejected while being read (SessionLifetime.RejectAsync) has none yet.
        var user = context.HttpContext.User;
        if (user.UserId() is { } userId && user.SessionId() is { } sessionId)
        {
            var registry = context.HttpContext.RequestServices.GetRequiredService<SessionRegistry>();
            // Not the request's token: a browser that hangs up mid-logout must not leave its session valid.
            await registry.RevokeAsync(userId, sessionId, CancellationToken.None);
        }
    }

    /// <summary>A signed-in user who lacks a role gets a real 403 (rendered by the error page), not a redirect.</summary>
    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace LlmPages.Accounts;

/// <summary>
/// Enforces the absolute session lifetime. The cookie's own expiry slides with activity (the idle timeout),
/// so the moment of sign-in is kept in the ticket's properties, which survive both sliding renewal and the
/// security-stamp refresh.
/// </summary>
internal static class SessionLifetime
{
    private const string StartedKey = "llmpages.session-started";

    public static void MarkStart(CookieSigningInContext context, TimeProvider clock)
    {
        if (!context.Properties.Items.ContainsKey(StartedKey))
        {
            context.Properties.Items[StartedKey] = clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public static bool HasExpired(AuthenticationProperties properties, TimeSpan absoluteLifetime, TimeProvider clock)
    {
        if (!properties.Items.TryGetValue(StartedKey, out var raw)
            || !long.TryParse(raw, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            return true; // a ticket without a start time was not issued by this version: make it sign in again
        }

        return clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) > absoluteLifetime;
    }

    public static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(context.Scheme.Name);
    }
}

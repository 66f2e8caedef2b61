using System.Security.Claims;
using LlmPages.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LlmPages.Accounts;

/// <summary>
/// Whether a signed-in person's session is still good: the account exists, is active, and has the security
/// stamp the session was issued with. Requests are checked by the cookie middleware; long-lived responses (a
/// streamed reply) ask here as they go, so a password change, deactivation or role change ends them too.
/// </summary>
public sealed class SessionGuard(IServiceScopeFactory scopes, IOptions<IdentityOptions> identity)
{
    public async Task<bool> IsValidAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var userId = user.UserId();
        var stamp = user.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        if (userId is null || stamp is null)
        {
            return false;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Users.AsNoTracking()
            .AnyAsync(u => u.Id == userId && u.IsActive && u.SecurityStamp == stamp, cancellationToken);
    }
}

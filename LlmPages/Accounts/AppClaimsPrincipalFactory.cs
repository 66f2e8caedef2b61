using System.Security.Claims;
using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LlmPages.Accounts;

/// <summary>Puts the display name in the session so the page shell can greet the user without a query.</summary>
public sealed class AppClaimsPrincipalFactory(
    UserManager<AppUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(userManager, roleManager, options)
{
    public const string DisplayNameClaim = "llmpages:display_name";

    /// <summary>Present while the person signed in with a temporary password (<see cref="AppUser.MustChangePassword"/>).</summary>
    public const string MustChangePasswordClaim = "llmpages:must_change_password";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(MustChangePasswordClaim, "1"));
        }
        return identity;
    }
}

public static class ClaimsPrincipalExtensions
{
    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(AppClaimsPrincipalFactory.DisplayNameClaim) ?? user.Identity?.Name ?? "";

    /// <summary>True while the person must replace a temporary password before doing anything else.</summary>
    public static bool MustChangePassword(this ClaimsPrincipal user) => user.HasClaim(c => c.Type == AppClaimsPrincipalFactory.MustChangePasswordClaim);

    public static string? UserId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    /// <summary>The id of the server-side session this cookie belongs to (<see cref="SessionRegistry"/>).</summary>
    public static Guid? SessionId(this ClaimsPrincipal user) =>
        Guid.TryParseExact(user.FindFirstValue(SessionRegistry.SessionClaim), "N", out var id) ? id : null;
}

using System.Security.Claims;
using LlmPages.Accounts;

namespace LlmPages.Web;

/// <summary>
/// The site's main navigation. A feature adds its line here when its pages exist; nothing is linked before.
/// </summary>
public static class Navigation
{
    public sealed record Item(string Text, string Path, string? Role = null);

    private static readonly Item[] Items =
    [
        new("Chat", "/chat"),
        new("Projects", "/projects"),
        new("History", "/history"),
        new("Admin", "/admin", Roles.Admin),
    ];

    public static IEnumerable<Item> For(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
            ? Items.Where(i => i.Role is null || user.IsInRole(i.Role))
            : [];

    /// <summary>An item is current on its own path and on every page below it.</summary>
    public static bool IsCurrent(Item item, PathString requestPath) =>
        requestPath.StartsWithSegments(item.Path, StringComparison.OrdinalIgnoreCase);
}

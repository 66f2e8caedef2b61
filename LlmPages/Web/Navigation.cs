using System.Security.Claims;
using LlmPages.Accounts;

namespace LlmPages.Web;

/// <summary>
/// The site's main navigation, in the header on every page (<c>Pages/Shared/_DocumentStart.cshtml</c>). A feature adds
/// its line here (NavigationTests follow every line, so none can point at a page that does not exist).
/// </summary>
public static class Navigation
{
    /// <param name="Also">Other sections the item is current in (import lives beside export).</param>
    public sealed record Item(string Text, string Path, string? Role = null, string? Also = null);

    private static readonly Item[] Items =
    [
        new("Chat", "/chat"),
        new("Projects", "/projects"),
        new("History", "/history"),
        new("Export and import", "/export", Also: "/import"),
        new("Settings", "/settings"),
        new("Profile", "/profile"),
        new("Admin", "/admin", Roles.Admin),
    ];

    public static IEnumerable<Item> For(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
            ? Items.Where(i => i.Role is null || user.IsInRole(i.Role))
            : [];

    /// <summary>An item is current on its own path and on every page below it.</summary>
    public static bool IsCurrent(Item item, PathString requestPath) =>
        requestPath.StartsWithSegments(item.Path, StringComparison.OrdinalIgnoreCase)
        || (item.Also is { } also && requestPath.StartsWithSegments(also, StringComparison.OrdinalIgnoreCase));
}

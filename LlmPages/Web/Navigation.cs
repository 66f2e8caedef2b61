using System.Security.Claims;
using LlmPages.Accounts;

namespace LlmPages.Web;

/// <summary>
/// The site's main navigation, in the header on every page (<c>Pages/Shared/_DocumentStart.cshtml</c>). A feature adds
/// its line here; a line whose section has no page in this build is left out (<see cref="NavigationSections"/>), so
/// nothing links to a page that does not exist.
/// </summary>
public static class Navigation
{
    public sealed record Item(string Text, string Path, string? Role = null);

    private static readonly Item[] Items =
    [
        new("Chat", "/chat"),
        new("Projects", "/projects"),
        new("History", "/history"),
        new("Settings", "/settings"),
        new("Profile", "/profile"),
        new("Admin", "/admin", Roles.Admin),
    ];

    public static IEnumerable<Item> For(ClaimsPrincipal user, NavigationSections sections) =>
        user.Identity?.IsAuthenticated == true
            ? Items.Where(i => (i.Role is null || user.IsInRole(i.Role)) && sections.Exists(i.Path))
            : [];

    /// <summary>An item is current on its own path and on every page below it.</summary>
    public static bool IsCurrent(Item item, PathString requestPath) =>
        requestPath.StartsWithSegments(item.Path, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The first path segments that the app's endpoints serve (chat, settings, admin...), read once from the routes.</summary>
public sealed class NavigationSections(Microsoft.AspNetCore.Routing.EndpointDataSource endpoints)
{
    private readonly Lazy<HashSet<string>> sections = new(() => new HashSet<string>(endpoints.Endpoints
        .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
        .Select(e => e.RoutePattern.RawText?.TrimStart('/').Split('/')[0] ?? "")
        .Where(s => s.Length > 0), StringComparer.OrdinalIgnoreCase), LazyThreadSafetyMode.ExecutionAndPublication);

    public bool Exists(string path) =>
        sections.Value.Contains(path.TrimStart('/').Split('/')[0]);
}

using Microsoft.Net.Http.Headers;

namespace LlmPages.Web;

/// <summary>
/// Headers every response carries. The CSP allows no inline script or style at all: htmx runs with its
/// indicator styles off and without eval-based features, and our own behaviour lives in /dist/app.js.
/// </summary>
internal static class SecurityHeaders
{
    public static readonly string ContentSecurityPolicy = Policy(imgSrc: "'self'");

    /// <summary>
    /// Hangfire's dashboard (admins only) declares its favicon as an empty <c>data:</c> image; that is all it
    /// needs beyond our policy. Images cannot run script, so this widens nothing that matters.
    /// </summary>
    public static readonly string JobsDashboardPolicy = Policy(imgSrc: "'self' data:");

    private static string Policy(string imgSrc) =>
        $"default-src 'self'; script-src 'self'; style-src 'self'; img-src {imgSrc}; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /// <summary>
    /// The headers are added as the response starts, not as the request comes in: the exception handler clears
    /// a failed response's headers before it renders the error page, and that page needs them too. A header an
    /// endpoint set itself is left alone.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // Decided now: by the time the response starts, a branch (the dashboard's) may have moved the path.
            var policy = context.Request.Path.StartsWithSegments(Jobs.JobsExtensions.DashboardPath)
                ? JobsDashboardPolicy
                : ContentSecurityPolicy;
            context.Response.OnStarting(() =>
            {
                Add(context.Response.Headers, policy);
                return Task.CompletedTask;
            });
            return next(context);
        });

    private static void Add(IHeaderDictionary headers, string policy)
    {
        headers.TryAdd(HeaderNames.ContentSecurityPolicy, policy);
        headers.TryAdd(HeaderNames.XContentTypeOptions, "nosniff");
        headers.TryAdd(HeaderNames.XFrameOptions, "DENY"); // for browsers too old for frame-ancestors
        headers.TryAdd("Referrer-Policy", "same-origin");
        headers.TryAdd("Cross-Origin-Opener-Policy", "same-origin");
        headers.TryAdd("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
        // Pages differ for htmx requests (no layout): caches must key on the header.
        if (!headers.Vary.Any(v => v is not null && v.Contains("HX-Request", StringComparison.OrdinalIgnoreCase)))
        {
            headers.Append(HeaderNames.Vary, "HX-Request");
        }
    }
}

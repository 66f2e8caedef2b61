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

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(Jobs.JobsExtensions.DashboardPath)
                ? JobsDashboardPolicy
                : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY"; // for browsers too old for frame-ancestors
            headers["Referrer-Policy"] = "same-origin";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
            // Pages differ for htmx requests (no layout): caches must key on the header.
            headers.Vary = "HX-Request";
            return next(context);
        });
}

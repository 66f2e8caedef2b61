using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace LlmPages.Web;

/// <summary>
/// Per-client limits on the forms that guess passwords or create accounts. A rejected request gets 429 with
/// Retry-After; the status-code page then renders a readable explanation.
/// </summary>
public static class RateLimits
{
    public const string Auth = "auth";

    /// <summary>Set on a rejected request so the error page can say when to try again.</summary>
    public const string RetryAfterItem = "llmpages.retry-after";

    public static IServiceCollection AddAppRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? (int)Math.Ceiling(wait.TotalSeconds)
                    : 60;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                context.HttpContext.Items[RetryAfterItem] = retryAfter;
                return ValueTask.CompletedTask;
            };
            // Only the attempts count: viewing the login form is free.
            limiter.AddPolicy(Auth, context =>
            {
                if (!HttpMethods.IsPost(context.Request.Method))
                {
                    return RateLimitPartition.GetNoLimiter("read");
                }
                var options = context.RequestServices.GetRequiredService<IOptions<WebOptions>>().Value;
                var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.AuthAttemptsPerWindow,
                    Window = options.AuthWindow,
                    QueueLimit = 0,
                });
            });
        });
        return services;
    }
}

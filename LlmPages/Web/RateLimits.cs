using System.Globalization;
using System.Threading.RateLimiting;
using LlmPages.Accounts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace LlmPages.Web;

/// <summary>
/// Per-client limits on the forms that guess passwords or create accounts. A rejected request gets 429 with
/// Retry-After; the status-code page then renders a readable explanation. The windows are counted by the engine's
/// <see cref="RateLimitCounter"/>: in memory on SQLite, shared by every instance on PostgreSQL.
/// </summary>
public static class RateLimits
{
    public const string Auth = "auth";

    /// <summary>Posts that start a model reply, per person.</summary>
    public const string Messages = "messages";

    /// <summary>The key of a signed-in person's window of <see cref="Messages"/> in the <see cref="RateLimitCounter"/>.</summary>
    public static string MessagesKey(string userId) => $"messages:user:{userId}";

    /// <summary>Set on a rejected request so the error page can say when to try again.</summary>
    public const string RetryAfterItem = "llmpages.retry-after";

    public static IServiceCollection AddAppRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? (int)Math.Ceiling(wait.TotalSeconds)
                    : 60;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                context.HttpContext.Items[RetryAfterItem] = retryAfter;
                return RejectInPlaceAsync(context.HttpContext, retryAfter, cancellationToken);
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
                return context.RequestServices.GetRequiredService<RateLimitCounter>()
                    .Partition($"auth:{client}", options.AuthAttemptsPerWindow, options.AuthWindow);
            });
            // Only the posts that start a reply count, per signed-in person (a shared office address must not
            // limit everyone together), per client address otherwise. The API's completions count against the same
            // budget as the pages' sends: its key's owner is the request's user (OpenAiApi).
            limiter.AddPolicy(Messages, context =>
            {
                if (!HttpMethods.IsPost(context.Request.Method))
                {
                    return RateLimitPartition.GetNoLimiter("read");
                }
                if (Api.OpenAiApi.Applies(context.Request) && context.User.UserId() is null)
                {
                    // A call without a valid key is refused by authorization next; wrong keys have their own limit.
                    return RateLimitPartition.GetNoLimiter("no-key");
                }
                if (Api.OpenAiApi.Applies(context.Request) && context.RequestServices.GetRequiredService<Api.ApiCallLimit>().CountsMessageWindow)
                {
                    // Counted with the call's place, in the same round trip (ApiCallLimit).
                    return RateLimitPartition.GetNoLimiter("api-call-limit");
                }
                var options = context.RequestServices.GetRequiredService<IOptions<WebOptions>>().Value;
                var key = context.User.UserId() is { } userId ? MessagesKey(userId) : $"messages:ip:{context.Connection.RemoteIpAddress}";
                return context.RequestServices.GetRequiredService<RateLimitCounter>()
                    .Partition(key, options.MessagesPerWindow, options.MessageWindow);
            });
        });
        return services;
    }

    /// <summary>
    /// An htmx request that swaps into part of a page (the chat composer) gets the explanation there, not a whole
    /// error page appended to the thread. Everything else gets the styled 429 page from the status-code pages.
    /// </summary>
    private static async ValueTask RejectInPlaceAsync(HttpContext context, int retryAfter, CancellationToken cancellationToken)
    {
        if (!ComposerAlert.Applies(context.Request))
        {
            return;
        }
        var seconds = retryAfter == 1 ? "1 second" : $"{retryAfter.ToString(CultureInfo.InvariantCulture)} seconds";
        await ComposerAlert.WriteAsync(context, "Too many messages",
            $"You are sending faster than this server allows. Try again in {seconds}.", cancellationToken);
    }
}

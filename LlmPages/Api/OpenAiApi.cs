using System.Globalization;
using System.Text.Json;
using LlmPages.Web;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Identity;

namespace LlmPages.Api;

/// <summary>
/// The OpenAI-compatible API under <c>/v1</c>: <c>GET /v1/models</c> and <c>POST /v1/chat/completions</c>, for
/// scripts and tools that speak OpenAI's wire format, authorised by a personal API key and nothing else.
/// <para>
/// Nothing meant for pages reaches it: the session cookie is never read on <c>/v1</c> (its scheme forwards there to
/// the key's, so the request's user is the key's owner from the start, for the rate limits too); there is no
/// antiforgery (no cookie, nothing to forge); the temporary-password gate and htmx's in-place alerts skip it; and
/// every error, whoever raised it (routing, the body size limit, a rate limit, an exception), is OpenAI's JSON error
/// rather than an HTML status page (<see cref="UseOpenAiApiErrors"/>).
/// </para>
/// </summary>
public static class OpenAiApi
{
    public const string Prefix = "/v1";

    /// <summary>A request to the API rather than to a page.</summary>
    public static bool Applies(HttpRequest request) => request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase);

    public static IHostApplicationBuilder AddOpenAiApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ApiModelCatalog>();
        builder.Services.AddSingleton<ApiModelCatalog.Cache>();
        builder.Services.AddScoped<ChatCompletions>();
        builder.Services.AddSingleton<ApiUsage>();
        // Authenticating, challenging or forbidding with the session cookie on /v1 asks the key instead.
        builder.Services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, o =>
        {
            var pages = o.ForwardDefaultSelector;
            o.ForwardDefaultSelector = context => Applies(context.Request) ? ApiKeyAuthentication.Scheme : pages?.Invoke(context);
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapOpenAiApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix)
            .RequireAuthorization(ApiKeyAuthentication.Policy)
            .DisableAntiforgery();
        api.MapGet("/models", ModelsAsync);
        // The same per-person budget as the chat pages' sends (WebOptions.MessagesPerWindow).
        api.MapPost("/chat/completions", (HttpContext http, ChatCompletions completions) => completions.AnswerAsync(http))
            .RequireRateLimiting(RateLimits.Messages);
        return app;
    }

    /// <summary>
    /// On <c>/v1</c>: no HTML status pages, and an error response that nothing has written (no route, a wrong method,
    /// a body too large, a rate limit) or an exception becomes OpenAI's JSON error. Placed just inside the status
    /// pages, before anything can refuse a request.
    /// </summary>
    public static IApplicationBuilder UseOpenAiApiErrors(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!Applies(context.Request))
            {
                await next(context);
                return;
            }
            if (context.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
            {
                statusPages.Enabled = false;
            }
            try
            {
                await next(context);
            }
            catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OpenAiApi)).LogError(e, "An API request failed unexpectedly");
                context.Response.Clear();
                await ApiError.Internal().WriteAsync(context.Response);
                return;
            }
            var response = context.Response;
            if (response.StatusCode >= 400 && !response.HasStarted && string.IsNullOrEmpty(response.ContentType))
            {
                var error = response.StatusCode == StatusCodes.Status429TooManyRequests && context.Items[RateLimits.RetryAfterItem] is int seconds
                    ? ApiError.MessagesRateLimited(seconds)
                    : ApiError.ForStatus(response.StatusCode, context.Items[RequestSizeLimit.ExplanationItem] as string);
                await error.WriteAsync(response);
            }
        });

    private static async Task ModelsAsync(HttpContext http, ApiModelCatalog catalog)
    {
        var models = await catalog.ListAsync(http.RequestAborted);
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        await using var json = new Utf8JsonWriter(http.Response.BodyWriter);
        json.WriteStartObject();
        json.WriteString("object", "list");
        json.WriteStartArray("data");
        foreach (var model in models)
        {
            json.WriteStartObject();
            json.WriteString("id", model.Id);
            json.WriteString("object", "model");
            json.WriteNumber("created", new DateTimeOffset(model.Model.CreatedAt, TimeSpan.Zero).ToUnixTimeSeconds());
            json.WriteString("owned_by", model.Provider.Name);
            // Beyond OpenAI's fields, as OpenRouter and others add: what a client needs to choose and size requests.
            json.WriteString("name", model.Model.DisplayName);
            json.WriteNumber("context_window", model.Model.ContextWindow);
            json.WriteNumber("max_output_tokens", model.Model.MaxOutputTokens);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(http.RequestAborted);
    }
}

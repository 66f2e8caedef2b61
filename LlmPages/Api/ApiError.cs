using System.Globalization;
using System.Text.Json;

namespace LlmPages.Api;

/// <summary>
/// An error of the OpenAI-compatible API, in OpenAI's shape: <c>{"error":{"message","type","param","code"}}</c> with
/// its HTTP status, so that OpenAI's clients raise their usual exceptions (a 404 <c>model_not_found</c>, a 429
/// with <c>Retry-After</c> they can wait on). Messages are plain words for the person running the script.
/// </summary>
public sealed record ApiError(int Status, string Message, string Type, string? Code, string? Param = null)
{
    /// <summary>Seconds to wait before trying again, sent as <c>Retry-After</c>.</summary>
    public int? RetryAfterSeconds { get; init; }

    public static ApiError BadRequest(string param, string message, string code = "invalid_value") =>
        new(StatusCodes.Status400BadRequest, message, OpenAiError.InvalidRequest, code, param);

    public static ApiError Unsupported(string param, string message) =>
        BadRequest(param, message, "unsupported_parameter");

    public static ApiError ModelNotFound(string model) => new(StatusCodes.Status404NotFound,
        $"The model '{model}' does not exist or is not available. GET /v1/models lists the models you can use.",
        OpenAiError.InvalidRequest, "model_not_found", "model");

    public static ApiError TooManyRequests(string message, int retryAfterSeconds, string code = "rate_limit_exceeded") =>
        new(StatusCodes.Status429TooManyRequests, message, OpenAiError.RateLimit, code) { RetryAfterSeconds = retryAfterSeconds };

    /// <summary>The person's message window (shared with the chat pages' sends) is used up for <paramref name="seconds"/>.</summary>
    public static ApiError MessagesRateLimited(int seconds) => TooManyRequests(string.Create(CultureInfo.InvariantCulture,
        $"You are sending requests faster than this server allows (the same limit as sending chat messages). Try again in {seconds} s."), seconds);

    public static ApiError Upstream(string message) =>
        new(StatusCodes.Status502BadGateway, message, OpenAiError.Server, "upstream_error");

    /// <summary>The server stopped (a deploy, a restart) while the call ran: worth trying again at once, on another instance or this one restarted.</summary>
    public static ApiError ShuttingDown() => new(StatusCodes.Status503ServiceUnavailable,
        "The server is restarting or shutting down, so this call was ended before its answer was complete. Try it again.",
        OpenAiError.Server, "server_shutting_down")
    { RetryAfterSeconds = 1 };

    public static ApiError Internal() => new(StatusCodes.Status500InternalServerError,
        "Something went wrong on the server while answering this request. Please try again.", OpenAiError.Server, "internal_error");

    /// <summary>The error an API request gets for a status that nothing more specific explained (no route, a wrong method...).</summary>
    public static ApiError ForStatus(int status, string? explanation = null) => status switch
    {
        StatusCodes.Status404NotFound => new(status, "There is no such API address. This server offers GET /v1/models and POST /v1/chat/completions.",
            OpenAiError.InvalidRequest, "not_found"),
        StatusCodes.Status405MethodNotAllowed => new(status, "This API address does not take that HTTP method.", OpenAiError.InvalidRequest, "method_not_allowed"),
        StatusCodes.Status413PayloadTooLarge => new(status, explanation ?? "The request body is too large.", OpenAiError.InvalidRequest, "request_too_large"),
        StatusCodes.Status415UnsupportedMediaType => new(status, "Send the request body as JSON (Content-Type: application/json).", OpenAiError.InvalidRequest, "unsupported_media_type"),
        StatusCodes.Status429TooManyRequests => new(status, "You are sending requests faster than this server allows. Wait and try again.", OpenAiError.RateLimit, "rate_limit_exceeded"),
        StatusCodes.Status401Unauthorized => new(status, "Send a valid API key as 'Authorization: Bearer <key>'.", OpenAiError.Authentication, "invalid_api_key"),
        StatusCodes.Status403Forbidden => new(status, "This API key may not do this.", OpenAiError.Permission, "forbidden"),
        >= 500 => Internal() with { Status = status },
        _ => new(status, $"The request could not be answered (HTTP {status}).", OpenAiError.InvalidRequest, null),
    };

    /// <summary>Writes the error as the response (<see cref="OpenAiError"/>); the response must not have started.</summary>
    public Task WriteAsync(HttpResponse response)
    {
        if (RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = Math.Max(1, seconds).ToString(CultureInfo.InvariantCulture);
        }
        return OpenAiError.WriteAsync(response, Status, Message, Type, Code, Param);
    }

    /// <summary><c>{"error":{...}}</c>, also sent as an event when a stream fails after it started.</summary>
    public void WriteBody(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteStartObject("error");
        json.WriteString("message", Message);
        json.WriteString("type", Type);
        json.WriteString("param", Param);
        json.WriteString("code", Code);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}

using System.Net;

namespace LlmPages.Llm;

/// <summary>
/// A model server answered with an error status. Thrown by <see cref="ProviderStatusHandler"/> beneath every SDK,
/// so the status, <c>Retry-After</c> and the server's own words reach <see cref="ProviderErrorMapper"/> the same
/// way for OpenAI, Ollama and Anthropic (their SDKs' exceptions do not all keep the response headers).
/// </summary>
public sealed class ProviderHttpException(HttpStatusCode status, TimeSpan? retryAfter, string? serverMessage)
    : HttpRequestException($"The server answered HTTP {(int)status}.", null, status)
{
    /// <summary>How long the server asked us to wait, from <c>Retry-After</c> or <c>retry-after-ms</c>.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>The error message from the server's JSON body, when it gave one. May echo request details.</summary>
    public string? ServerMessage { get; } = serverMessage;
}

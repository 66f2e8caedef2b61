namespace LlmPages.Llm;

/// <summary>
/// A model server reported an error inside a stream it had begun with status 200 (OpenRouter and vLLM send an
/// <c>error</c> chunk, Anthropic an <c>error</c> event, Ollama an <c>{"error":..}</c> line). Thrown by
/// <see cref="StreamErrorHandler"/> from the body's read, beneath every SDK, and explained by
/// <see cref="ProviderErrorMapper"/>. An <see cref="IOException"/> because that is what a failed read throws and
/// what every SDK lets through; its own message carries none of the server's words, so logging it is safe.
/// </summary>
public sealed class ProviderStreamException(string? serverMessage, string? errorType)
    : IOException("The server reported an error inside its stream.")
{
    /// <summary>The server's own words, when it gave any. May echo request details.</summary>
    public string? ServerMessage { get; } = serverMessage;

    /// <summary>The server's error type or code (<c>overloaded_error</c>, <c>500</c>), a short word safe to log.</summary>
    public string? ErrorType { get; } = errorType;
}

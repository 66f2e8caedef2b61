using System.Net;

namespace LlmPages.Llm;

/// <summary>
/// Catches the error a model server reports inside a stream it has already begun with status 200: OpenRouter and
/// vLLM send a <c>data: {"error":{..}}</c> chunk, llama.cpp an <c>error:</c> field, Anthropic an
/// <c>event: error</c>, Ollama a <c>{"error":".."}</c> line. The body of every streamed answer
/// (<c>text/event-stream</c>, <c>application/x-ndjson</c>) is read through <see cref="StreamErrorWatcher"/>, which
/// throws <see cref="ProviderStreamException"/> at the error, after the text before it.
/// <para>
/// Here, beneath the SDKs, rather than around the chat clients (<see cref="ProviderErrorChatClient"/>), because
/// above the SDKs the server's words are gone (found by experiment with the fakes, OpenAI 2.14 through
/// Microsoft.Extensions.AI.OpenAI 10.11, Anthropic 13.14, OllamaSharp 5.5): the OpenAI SDK reads vLLM's error
/// chunk as an empty update and ends the reply as if complete ("The model sent an empty reply"), and OpenRouter's
/// (<c>finish_reason: "error"</c>) makes it throw "Unknown ChatFinishReason value"; OllamaSharp reads the error
/// line as an empty update and ends quietly; the Anthropic SDK throws <c>AnthropicSseException</c> with the raw
/// JSON in its message, which could only be explained as an answer "not in the expected format". On the wire
/// the error has the same few shapes for all three, as error statuses do for <see cref="ProviderStatusHandler"/>,
/// and one reader (<see cref="ServerErrorJson"/>) serves both. The cost for a normal stream is one byte scan per
/// read.
/// </para>
/// </summary>
public sealed partial class StreamErrorHandler(ILogger<StreamErrorHandler> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode && IsStream(response.Content.Headers.ContentType?.MediaType))
        {
            var host = request.RequestUri?.Authority;
            // The server's message is not logged: it may echo what was asked.
            response.Content = new WatchedContent(response.Content, error => LogStreamError(logger, host, error.ErrorType ?? "none"));
        }
        return response;
    }

    private static bool IsStream(string? mediaType) =>
        string.Equals(mediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase)
        || string.Equals(mediaType, "application/x-ndjson", StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning,
        Message = "Model server {Host} reported an error inside a streamed answer (type {ErrorType}); the answer ends there")]
    private static partial void LogStreamError(ILogger logger, string? host, string errorType);

    /// <summary>The server's body, with its headers, read through a <see cref="StreamErrorWatcher"/>.</summary>
    private sealed class WatchedContent : HttpContent
    {
        private readonly HttpContent inner;
        private readonly Action<ProviderStreamException> found;

        public WatchedContent(HttpContent inner, Action<ProviderStreamException> found)
        {
            this.inner = inner;
            this.found = found;
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
            new StreamErrorWatcher(await inner.ReadAsStreamAsync(cancellationToken), found);

        protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await using var body = await CreateContentReadStreamAsync(cancellationToken);
            await body.CopyToAsync(stream, cancellationToken);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}

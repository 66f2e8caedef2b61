using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LlmPages.Llm;

/// <summary>
/// Streams replies from OpenAI-compatible servers with the framework's own parts: the request written by
/// <see cref="OpenAiRequestWriter"/>, the events read by <see cref="SseParser"/>, each chunk by
/// <see cref="OpenAiChunkReader"/> (one <see cref="System.Text.Json.Utf8JsonReader"/> pass). Everything else (replies
/// that do not stream, calls with tools, images or options written nowhere here) goes to the OpenAI SDK's client
/// underneath, unchanged.
/// <para>
/// Why: the SDK read each chunk into a JSON document, then its own model, then searched the chunk again for reasoning
/// text, then converted it; with 1,000 replies streaming, that was the largest part of LlmPages' CPU per token
/// (see "Reading model streams" in docs/ARCHITECTURE.md for the measurements).
/// </para>
/// <para>
/// The request goes through the same <see cref="HttpClient"/> as the SDK's, so the handlers beneath apply alike: no
/// redirects, error statuses explained (<see cref="ProviderStatusHandler"/>), errors inside the stream caught
/// (<see cref="StreamErrorHandler"/>), reads aborted on cancellation (<see cref="AbortOnCancelHandler"/>).
/// </para>
/// </summary>
public sealed class OpenAiStreamingChatClient(IChatClient sdkClient, HttpClient http, ProviderConnection connection, string wireModelId)
    : DelegatingChatClient(sdkClient)
{
    private readonly Uri completions = new(ProviderUrls.OpenAiBase(connection.BaseUrl).AbsoluteUri + "/chat/completions");
    private readonly bool addMaxTokens = OpenAiCompatibilityPolicy.WantsMaxTokens(connection.BaseUrl);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        OpenAiRequestWriter.CanWrite(messages, options)
            ? StreamAsync(messages, options, cancellationToken)
            : base.GetStreamingResponseAsync(messages, options, cancellationToken);

    private async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, completions)
        {
            Content = new ByteArrayContent(OpenAiRequestWriter.Write(wireModelId, messages, options, addMaxTokens)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        // The SDK named itself; some gateways refuse a request that names no client at all.
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("LlmPages", null));
        if (!string.IsNullOrEmpty(connection.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", connection.ApiKey);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var chunks = new OpenAiChunkReader();
        await using var body = await StartOfBodyAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken);
        if (body.Whole is { } whole)
        {
            // A server that does not stream (some proxies and small servers ignore "stream": true) answers with one
            // chat.completion: the whole reply as one update, not an empty one.
            yield return chunks.Read(whole.Span);
            yield break;
        }
        var events = SseParser.Create(body.Stream, (_, data) => Parse(chunks, data));
        await foreach (var item in events.EnumerateAsync(cancellationToken))
        {
            if (ReferenceEquals(item.Data, Done))
            {
                // What follows [DONE] is not read; disposing the response ends the call.
                yield break;
            }
            if (item.Data is { } update)
            {
                yield return update;
            }
        }
    }

    /// <summary>
    /// Reads the body up to its first byte that is not white space. An event stream starts with a field or a comment;
    /// a body starting with <c>{</c> is one JSON document, read whole (up to <see cref="MaxWholeReplyBytes"/>).
    /// </summary>
    private static async Task<Body> StartOfBodyAsync(Stream stream, CancellationToken cancellationToken)
    {
        var start = new byte[1024];
        var length = 0;
        int first;
        while ((first = start.AsSpan(0, length).IndexOfAnyExcept(" \t\r\n"u8)) < 0)
        {
            if (length == start.Length)
            {
                Array.Resize(ref start, start.Length * 2);
            }
            var read = await stream.ReadAsync(start.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                break;
            }
            length += read;
        }
        if (first < 0 || start[first] != (byte)'{')
        {
            return new Body(new ReplayedStream(start.AsMemory(0, length), stream), null);
        }
        var whole = new MemoryStream();
        whole.Write(start, 0, length);
        var buffer = new byte[16 * 1024];
        int count;
        while ((count = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (whole.Length + count > MaxWholeReplyBytes)
            {
                throw new System.Text.Json.JsonException($"The server's answer is larger than {MaxWholeReplyBytes / (1024 * 1024)} MB.");
            }
            whole.Write(buffer, 0, count);
        }
        return new Body(stream, whole.GetBuffer().AsMemory(0, (int)whole.Length));
    }

    /// <summary>The largest answer read whole from a server that does not stream.</summary>
    private const int MaxWholeReplyBytes = 64 * 1024 * 1024;

    /// <summary>The body to read events from, or, from a server that did not stream, its whole JSON answer.</summary>
    private sealed record Body(Stream Stream, ReadOnlyMemory<byte>? Whole) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Stream.DisposeAsync();
    }

    /// <summary>An event's update; <see cref="Done"/> for <c>[DONE]</c>; null for an event with no data.</summary>
    private static ChatResponseUpdate? Parse(OpenAiChunkReader chunks, ReadOnlySpan<byte> data)
    {
        data = data.Trim(" \t\r\n"u8);
        return data.IsEmpty ? null : data.SequenceEqual("[DONE]"u8) ? Done : chunks.Read(data);
    }

    /// <summary>Stands for <c>data: [DONE]</c>, the end of the stream; never handed out.</summary>
    private static readonly ChatResponseUpdate Done = new();
}

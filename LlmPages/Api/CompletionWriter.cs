using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using LlmPages.Chat.Streaming;
using Microsoft.AspNetCore.Http.Features;

namespace LlmPages.Api;

/// <summary>
/// Writes a chat completion in OpenAI's wire format: one <c>chat.completion</c> object, or (<c>"stream": true</c>)
/// server-sent events of <c>chat.completion.chunk</c> objects, the last with the finish reason, then the usage
/// chunk when <c>stream_options.include_usage</c> asked for it, then <c>data: [DONE]</c>. JSON goes straight into
/// the response's pipe through one reused writer: the API's speed target is two milliseconds added to the first token.
/// </summary>
public sealed class CompletionWriter : IDisposable
{
    private readonly HttpResponse response;
    private readonly PipeWriter body;
    private readonly Utf8JsonWriter json;
    private readonly string id;
    private readonly string model;
    private readonly long created;
    private readonly bool includeUsage;

    public CompletionWriter(HttpResponse response, string id, string model, DateTimeOffset created, bool includeUsage)
    {
        this.response = response;
        body = response.BodyWriter;
        json = new Utf8JsonWriter(body);
        this.id = id;
        this.model = model;
        this.created = created.ToUnixTimeSeconds();
        this.includeUsage = includeUsage;
    }

    /// <summary>True once the events' response has started: errors after this are events, not statuses.</summary>
    public bool HasStarted { get; private set; }

    /// <summary>The whole completion as one JSON object.</summary>
    public async Task WriteCompletionAsync(string content, string finishReason, ReplyFigures figures, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        json.WriteStartObject();
        Header("chat.completion");
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", 0);
        json.WriteStartObject("message");
        json.WriteString("role", "assistant");
        json.WriteString("content", content);
        json.WriteNull("refusal");
        json.WriteEndObject();
        json.WriteNull("logprobs");
        json.WriteString("finish_reason", finishReason);
        json.WriteEndObject();
        json.WriteEndArray();
        Usage(figures);
        json.WriteEndObject();
        json.Flush();
        await body.FlushAsync(cancellationToken);
    }

    /// <summary>Starts the events with the assistant's role, as OpenAI's first chunk does.</summary>
    public Task StartStreamAsync(CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        // Proxies such as nginx must pass each event on at once rather than buffer the response.
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        HasStarted = true;
        return ChunkAsync(role: "assistant", content: "", finishReason: null, cancellationToken);
    }

    public Task DeltaAsync(string content, CancellationToken cancellationToken) =>
        ChunkAsync(role: null, content, finishReason: null, cancellationToken);

    /// <summary>The last chunk, with the finish reason; then the usage when asked for; then <c>[DONE]</c>.</summary>
    public async Task EndStreamAsync(string finishReason, ReplyFigures figures, CancellationToken cancellationToken)
    {
        BeginEvent();
        json.WriteStartObject();
        Header("chat.completion.chunk");
        Choice(null, null, finishReason);
        if (includeUsage)
        {
            json.WriteNull("usage");
        }
        json.WriteEndObject();
        EndEvent();
        if (includeUsage)
        {
            BeginEvent();
            json.WriteStartObject();
            Header("chat.completion.chunk");
            json.WriteStartArray("choices");
            json.WriteEndArray();
            Usage(figures);
            json.WriteEndObject();
            EndEvent();
        }
        body.Write("data: [DONE]\n\n"u8);
        await body.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// A failure after the events started: an <c>{"error":...}</c> event (OpenAI's Python client raises it as an
    /// <c>APIError</c>), then <c>[DONE]</c>, so the stream ends cleanly rather than being cut.
    /// </summary>
    public async Task FailStreamAsync(ApiError error, CancellationToken cancellationToken)
    {
        BeginEvent();
        error.WriteBody(json);
        EndEvent();
        body.Write("data: [DONE]\n\n"u8);
        await body.FlushAsync(cancellationToken);
    }

    private async Task ChunkAsync(string? role, string? content, string? finishReason, CancellationToken cancellationToken)
    {
        BeginEvent();
        json.WriteStartObject();
        Header("chat.completion.chunk");
        Choice(role, content, finishReason);
        if (includeUsage)
        {
            json.WriteNull("usage");
        }
        json.WriteEndObject();
        EndEvent();
        await body.FlushAsync(cancellationToken);
    }

    private void BeginEvent()
    {
        body.Write("data: "u8);
        json.Reset(body);
    }

    private void EndEvent()
    {
        json.Flush();
        body.Write("\n\n"u8);
    }

    private void Header(string kind)
    {
        json.WriteString("id", id);
        json.WriteString("object", kind);
        json.WriteNumber("created", created);
        json.WriteString("model", model);
    }

    private void Choice(string? role, string? content, string? finishReason)
    {
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", 0);
        json.WriteStartObject("delta");
        if (role is not null)
        {
            json.WriteString("role", role);
        }
        if (content is not null)
        {
            json.WriteString("content", content);
        }
        json.WriteEndObject();
        json.WriteNull("logprobs");
        json.WriteString("finish_reason", finishReason);
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private void Usage(ReplyFigures figures)
    {
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", figures.PromptTokens);
        json.WriteNumber("completion_tokens", figures.CompletionTokens);
        json.WriteNumber("total_tokens", figures.PromptTokens + figures.CompletionTokens);
        json.WriteEndObject();
    }

    public void Dispose() => json.Dispose();
}

using System.Globalization;
using System.Text;
using LlmPages.Chat.Rendering;
using Microsoft.AspNetCore.Http.Features;

namespace LlmPages.Chat.Streaming;

/// <summary>
/// Writes a generation as Server-Sent Events: each batch of new text is one unnamed event (HTML-escaped text for
/// htmx to append), numbered by the length of the text at its end so <c>Last-Event-ID</c> resumes exactly; a comment heartbeat keeps
/// idle connections open; a final <c>reply-done</c> event carries the status.
/// </summary>
public static class EventStream
{
    public const string DoneEvent = "reply-done";

    public static void Begin(HttpResponse response)
    {
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        // Proxies such as nginx must pass each event on at once rather than buffer the response.
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    /// <summary>
    /// Whether the request reads an event stream as an answer: htmx's SSE extension adds <c>text/event-stream</c> to
    /// the Accept header of every request it sends, and then swaps each unnamed event of such an answer as it comes.
    /// </summary>
    public static bool IsAccepted(HttpRequest request)
    {
        foreach (var accept in request.Headers.Accept)
        {
            if (accept is not null && accept.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>One unnamed event of HTML for htmx to swap where the request said (no id: it is not part of a reply's log), flushed.</summary>
    public static async Task WriteHtmlAsync(HttpResponse response, string html, CancellationToken cancellationToken)
    {
        var text = new StringBuilder(html.Length + 256);
        AppendEvent(text, null, null, html);
        await response.WriteAsync(text.ToString(), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Writes the batches as they come (see <see cref="ReplyFeed"/>); ends when they end. With <paramref name="appendTo"/>
    /// (an element's id), each piece of text is an <c>hx-partial</c> appending to that element, for a stream whose
    /// htmx request swaps elsewhere (the composer's send, which swaps the turn into the thread).
    /// </summary>
    public static async Task FollowAsync(
        HttpResponse response, IAsyncEnumerable<GenerationBatch> batches, CancellationToken cancellationToken, string? appendTo = null)
    {
        var (open, close) = appendTo is null ? (null, null) : ($"<hx-partial hx-target=\"#{appendTo}\" hx-swap=\"beforeend\">", "</hx-partial>");
        // Headers and a first comment at once, so the browser knows the stream is open before the model speaks.
        await response.WriteAsync(": stream open\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
        // One buffer per stream, encoded straight into the response: a thousand streams write twenty thousand
        // events a second, and each used to build two or three strings on the way.
        var text = new StringBuilder();
        await foreach (var batch in batches.WithCancellation(cancellationToken))
        {
            text.Clear();
            if (batch.Text.Length > 0)
            {
                AppendEvent(text, batch.LastEventId, null, HtmlText.Escape(batch.Text), open, close);
            }
            if (batch.Outcome is { } outcome)
            {
                AppendEvent(text, batch.LastEventId, DoneEvent, outcome.Status.ToString());
            }
            if (text.Length == 0)
            {
                text.Append(": keep-alive\n\n");
            }
            foreach (var chunk in text.GetChunks())
            {
                Encoding.UTF8.GetBytes(chunk.Span, response.BodyWriter);
            }
            await response.BodyWriter.FlushAsync(cancellationToken);
        }
    }

    /// <summary>The stream of a reply that is no longer being written: only the final event.</summary>
    public static async Task FinishedAsync(HttpResponse response, string status, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        AppendEvent(text, null, DoneEvent, status);
        await response.WriteAsync(text.ToString(), cancellationToken);
    }

    /// <summary>The <c>Last-Event-ID</c> header (a reconnect) or else <c>?after=N</c> (the page's own snapshot).</summary>
    public static int ResumePoint(HttpRequest request)
    {
        var value = request.Headers["Last-Event-ID"].FirstOrDefault();
        if (string.IsNullOrEmpty(value))
        {
            value = request.Query["after"].FirstOrDefault();
        }
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0;
    }

    private static void AppendEvent(StringBuilder text, int? id, string? name, string data, string? open = null, string? close = null)
    {
        if (id is { } n)
        {
            text.Append("id: ").Append(n.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        if (name is not null)
        {
            text.Append("event: ").Append(name).Append('\n');
        }
        // Every line of the data on its own "data:" line; the reader joins them with "\n". The wrapper (no line
        // breaks in it) opens the first line and closes the last.
        var first = true;
        foreach (var line in data.AsSpan().EnumerateLines())
        {
            text.Append("data: ");
            if (first)
            {
                text.Append(open);
                first = false;
            }
            text.Append(line).Append('\n');
        }
        if (close is not null && !first)
        {
            text.Insert(text.Length - 1, close);
        }
        text.Append('\n');
    }
}

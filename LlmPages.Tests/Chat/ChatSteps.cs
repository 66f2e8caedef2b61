using System.Text;
using LlmPages.Chat.Streaming;
using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.Chat;

/// <summary>Chat steps done through the real forms and endpoints, and reads of what was saved.</summary>
public static class ChatSteps
{
    /// <summary>Starts a new chat from /chat without JavaScript; returns the page once the reply has streamed.</summary>
    public static async Task<HtmlPage> StartChatAsync(this HtmlClient client, string text)
    {
        var page = await client.GetAsync("/chat");
        return await client.SubmitAsync(page, "#composer", new Dictionary<string, string> { ["Input.Text"] = text });
    }

    /// <summary>Sends a message in a chat without JavaScript; returns the page once the reply has streamed.</summary>
    public static async Task<HtmlPage> SendAsync(this HtmlClient client, Guid conversationId, string text)
    {
        var page = await client.GetAsync($"/chat/{conversationId}");
        return await client.SubmitAsync(page, "#composer", new Dictionary<string, string> { ["Input.Text"] = text });
    }

    /// <summary>
    /// The POST htmx makes for a send in a chat: the composer's fields from the chat page, htmx's headers, and with
    /// <paramref name="acceptEvents"/> <c>text/event-stream</c> added to Accept, as htmx 4's SSE extension does.
    /// </summary>
    public static async Task<HttpRequestMessage> HtmxSendAsync(this HtmlClient client, Guid conversationId, string text, bool acceptEvents) =>
        ComposerPost(await client.GetAsync($"/chat/{conversationId}"), text, acceptEvents);

    /// <summary>
    /// The POST htmx makes when the composer of <paramref name="page"/> (a chat, or a new chat's page) is sent: to
    /// its action, with its fields and the headers htmx 4 sends for it (a boosted form whose target is the thread);
    /// with <paramref name="acceptEvents"/> <c>text/event-stream</c> added to Accept, as its SSE extension does.
    /// </summary>
    public static HttpRequestMessage ComposerPost(HtmlPage page, string text, bool acceptEvents)
    {
        var form = page.Find("#composer")!;
        var request = new HttpRequestMessage(HttpMethod.Post, form.GetAttribute("action"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Text"] = text,
                ["Input.ClientId"] = form.QuerySelector("[name='Input.ClientId']")!.GetAttribute("value")!,
                ["Settings.ModelId"] = form.QuerySelector("[name='Settings.ModelId'] option[selected]")!.GetAttribute("value")!,
            }),
        };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("HX-Boosted", "true");
        request.Headers.Add("HX-Request-Type", "partial");
        request.Headers.Add("HX-Source", "form#composer");
        request.Headers.Add("HX-Target", "div#thread");
        request.Headers.Add("RequestVerificationToken", page.Token());
        request.Headers.TryAddWithoutValidation("Accept", acceptEvents ? "text/html, text/event-stream" : "text/html");
        return request;
    }

    /// <summary>Sends a message in a chat the way htmx does; returns the fragment (the reply is still being written).</summary>
    public static async Task<HtmlPage> SendWithHtmxAsync(this HtmlClient client, Guid conversationId, string text)
    {
        using var request = await HtmxSendAsync(client, conversationId, text, acceptEvents: false);
        return await client.SendAsync(request);
    }

    /// <summary>The conversation a chat page shows (from its composer's action).</summary>
    public static Guid ConversationId(this HtmlPage page) =>
        Guid.Parse(page.Find("#composer")!.GetAttribute("action")!["/chat/".Length..]);

    /// <summary>Every message of a conversation, in order of creation.</summary>
    public static Task<List<Message>> MessagesAsync(this AppFactory app, Guid conversationId) =>
        app.WithDbAsync(db => db.Messages.AsNoTracking().Where(m => m.ConversationId == conversationId).OrderBy(m => m.CreatedAt).ToListAsync());

    /// <summary>Waits (polling the database) until a reply is no longer streaming, and returns it.</summary>
    public static Task<Message> WaitForReplyAsync(this AppFactory app, Guid messageId, TimeSpan? timeout = null) =>
        app.WaitForSavedAsync(messageId, m => m.Status != MessageStatus.Streaming, timeout);

    /// <summary>
    /// Waits until a reply is saved finished and this instance no longer holds it in memory: the hub lets a reply go
    /// just after its final save, and until then its event stream still replays the text from the reader's point.
    /// </summary>
    public static async Task<Message> WaitForReplyLetGoAsync(this AppFactory app, Guid messageId)
    {
        var saved = await app.WaitForReplyAsync(messageId);
        var hub = app.Services.GetRequiredService<GenerationHub>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (hub.Find(messageId) is not null)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Reply {messageId} was saved {saved.Status} but stayed in the hub for 20 seconds.");
            }
            await Task.Delay(10);
        }
        return saved;
    }

    /// <summary>Reads a Server-Sent Events response to its end.</summary>
    public static async Task<List<SseEvent>> ReadEventsAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        var events = new List<SseEvent>();
        await foreach (var e in EventsAsync(response, cancellationToken))
        {
            events.Add(e);
        }
        return events;
    }

    /// <summary>The events of a Server-Sent Events response as they arrive (comments skipped).</summary>
    public static async IAsyncEnumerable<SseEvent> EventsAsync(
        HttpResponseMessage response, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8);
        string? id = null, name = null;
        var data = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0 || name is not null)
                {
                    yield return new SseEvent(id, name, string.Join('\n', data));
                }
                id = null;
                name = null;
                data.Clear();
                continue;
            }
            if (line.StartsWith(':'))
            {
                continue;
            }
            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            // One space after the colon is the separator; any more belong to the data (a piece may start with one).
            var value = colon < 0 ? "" : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }
            switch (field)
            {
                case "id": id = value; break;
                case "event": name = value; break;
                case "data": data.Add(value); break;
            }
        }
    }
}

/// <summary>One Server-Sent Event: id, name (null for a text piece) and data (HTML-escaped text for pieces).</summary>
public sealed record SseEvent(string? Id, string? Name, string Data);

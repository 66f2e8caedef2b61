using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Chat;

/// <summary>Steps for following a reply while it is being written: the htmx turn, its event stream, Stop.</summary>
public static class StreamSteps
{
    /// <summary>
    /// A reply being written, as the htmx fragment announced it. <see cref="EventsUrl"/> reads it from its first
    /// event: the model is asked before the fragment is written, so the fragment may already hold the first
    /// pieces and its own stream address (<see cref="PageEventsUrl"/>) start after them.
    /// </summary>
    public sealed record LiveReply(Guid ConversationId, Guid ReplyId, string PageEventsUrl)
    {
        public string EventsUrl => PageEventsUrl.Split('?')[0] + "?after=0";

        public string StopUrl => $"/chat/{ConversationId}/generations/{ReplyId}/stop";
    }

    /// <summary>
    /// Starts a chat (its first reply written with the default script), then sets the script for the next reply
    /// and sends a message the way htmx does. Returns the reply the fragment says is being written: the model holds
    /// its first token until the fragment has been read. A reply that fails before any stream (an error status, or
    /// an error as the stream's first event) may still end first, and is returned as the fragment shows it finished.
    /// </summary>
    public static async Task<LiveReply> SendWhileScriptedAsync(this ChatApp chat, HtmlClient user, Action<Infrastructure.FakeModels.FakeScript> script, string text = "Tell me more")
    {
        var first = await user.StartChatAsync("Hello");
        var conversationId = first.ConversationId();
        script(chat.Model.Script);
        // The model holds its reply until the fragment is read: a quick reply could otherwise be finished (and the
        // fragment show it finished) when the machine is busy.
        var fragmentRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        chat.Model.Script.HoldBeforeFirstToken ??= fragmentRead.Task;
        HtmlPage fragment;
        try
        {
            fragment = await user.SendWithHtmxAsync(conversationId, text);
        }
        finally
        {
            fragmentRead.TrySetResult();
            if (chat.Model.Script.HoldBeforeFirstToken == fragmentRead.Task)
            {
                chat.Model.Script.HoldBeforeFirstToken = null;
            }
        }
        Assert.Equal(System.Net.HttpStatusCode.OK, fragment.Status);
        var article = fragment.Find("article.is-streaming[aria-busy=true]")
            ?? fragment.FindAll("article.message--assistant").LastOrDefault(a => a.Closest("hx-partial") is null)
            ?? throw new InvalidOperationException("The fragment has no new reply:\n" + fragment.Html);
        var replyId = Guid.ParseExact(article.Id!["m-".Length..], "N");
        var sse = article.QuerySelectorAll("div").FirstOrDefault(d => d.HasAttribute("hx-sse:connect"));
        return new LiveReply(conversationId, replyId,
            sse?.GetAttribute("hx-sse:connect") ?? $"/chat/{conversationId}/generations/{replyId}/events?after=0");
    }

    /// <summary>
    /// Starts a new chat the way htmx does (a boosted post of the composer, answered with the whole page), from a
    /// /chat page already read, so that many can be started at once with its token. Returns the reply the page says
    /// is being written: the model must hold it (<see cref="Infrastructure.FakeModels.FakeScript.HoldBeforeFirstToken"/>).
    /// </summary>
    public static async Task<LiveReply> StartChatWithHtmxAsync(this HtmlClient user, HtmlPage chatPage, string text)
    {
        var form = chatPage.Find("#composer")!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/chat")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Text"] = text,
                ["Input.ClientId"] = Guid.NewGuid().ToString(),
                ["Settings.ModelId"] = form.QuerySelector("[name='Settings.ModelId'] option[selected]")!.GetAttribute("value")!,
            }),
        };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("HX-Boosted", "true");
        request.Headers.Add("RequestVerificationToken", chatPage.Token());
        var page = await user.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, page.Status);
        var article = page.Find("article.is-streaming[aria-busy=true]")
            ?? throw new InvalidOperationException("The page has no reply being written:\n" + page.Html);
        var replyId = Guid.ParseExact(article.Id!["m-".Length..], "N");
        var sse = article.QuerySelectorAll("div").First(d => d.HasAttribute("hx-sse:connect"));
        return new LiveReply(page.ConversationId(), replyId, sse.GetAttribute("hx-sse:connect")!);
    }

    /// <summary>
    /// Sends a message in a chat as htmx 4 with its SSE extension does: its headers, and <c>text/event-stream</c> added
    /// to Accept. Returns as soon as the answer's headers arrive, so a streamed answer can be read as it comes.
    /// </summary>
    public static async Task<HttpResponseMessage> SendReadingEventsAsync(this HtmlClient user, Guid conversationId, string text)
    {
        using var request = await user.HtmxSendAsync(conversationId, text, acceptEvents: true);
        return await user.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>
    /// Sends the first message of a new chat from the composer of <paramref name="chatUrl"/> (<c>/chat</c>, or a
    /// project's <c>/chat?projectId=...</c>) as htmx 4 with its SSE extension does. Returns as soon as the answer's
    /// headers arrive, so a streamed answer can be read as it comes.
    /// </summary>
    public static async Task<HttpResponseMessage> StartChatReadingEventsAsync(this HtmlClient user, string text, string chatUrl = "/chat")
    {
        using var request = ChatSteps.ComposerPost(await user.GetAsync(chatUrl), text, acceptEvents: true);
        return await user.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>Opens a reply's event stream; returns as soon as the headers arrive, so events can be read as they come.</summary>
    public static async Task<HttpResponseMessage> OpenEventsAsync(this HtmlClient user, string url, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        var response = await user.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return response;
    }

    /// <summary>Presses Stop the way htmx does (the page's token in a header).</summary>
    public static async Task<HttpResponseMessage> StopWithHtmxAsync(this HtmlClient user, LiveReply reply)
    {
        var page = await user.GetAsync($"/chat/{reply.ConversationId}");
        using var request = new HttpRequestMessage(HttpMethod.Post, reply.StopUrl) { Content = new FormUrlEncodedContent([]) };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", page.Token());
        return await user.Http.SendAsync(request);
    }

    /// <summary>Waits (polling the database) until a message's saved text satisfies <paramref name="condition"/>.</summary>
    public static async Task<Message> WaitForSavedAsync(this AppFactory app, Guid messageId, Func<Message, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var message = await app.WithDbAsync(db => db.Messages.AsNoTracking().FirstAsync(m => m.Id == messageId));
            if (condition(message))
            {
                return message;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Message {messageId} never matched; last saved: {message.Status} \"{message.Content}\".");
            }
            await Task.Delay(25);
        }
    }

    /// <summary>The usage log rows of one reply.</summary>
    public static Task<List<UsageLog>> UsageOfAsync(this AppFactory app, Guid messageId) =>
        app.WithDbAsync(db => db.UsageLogs.AsNoTracking().Where(u => u.MessageId == messageId).ToListAsync());

    /// <summary>The text pieces of events joined as the reader sees them (HTML-unescaped).</summary>
    public static string TextOf(IEnumerable<SseEvent> events) =>
        string.Concat(events.Where(e => e.Name is null).Select(e => System.Net.WebUtility.HtmlDecode(e.Data)));
}

using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace LlmPages.Bench;

/// <summary>A signed-in person talking to LlmPages over HTTP the way htmx does.</summary>
public sealed partial class AppClient : IDisposable
{
    private readonly HttpClient http;
    private string token = "";

    public AppClient(Uri address)
    {
        http = new HttpClient(new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(),
            UseCookies = true,
            AllowAutoRedirect = true,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            MaxConnectionsPerServer = int.MaxValue,
        })
        { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
    }

    public HttpClient Http => http;

    public async Task LogInAsync()
    {
        var form = await http.GetStringAsync("/account/login");
        using var response = await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = AppProcess.AdminEmail,
            ["Input.Password"] = AppProcess.AdminPassword,
            ["__RequestVerificationToken"] = Token(form),
        }));
        response.EnsureSuccessStatusCode();
        token = Token(await http.GetStringAsync("/chat"));
    }

    /// <summary>
    /// Makes an API key the way a person does: posts the form of <c>/profile/api-keys/new</c> and reads the full key from
    /// the answer page (a read-only field; it is shown once and never again).
    /// </summary>
    public async Task<string> CreateApiKeyAsync(string name)
    {
        var form = await http.GetStringAsync("/profile/api-keys/new");
        using var response = await http.PostAsync("/profile/api-keys/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Name"] = name,
            ["Input.ExpiresOn"] = "",
            ["__RequestVerificationToken"] = Token(form),
        }));
        response.EnsureSuccessStatusCode();
        var page = await response.Content.ReadAsStringAsync();
        return WebUtility.HtmlDecode(NewKey().Match(page) is { Success: true } m ? m.Groups[1].Value
            : throw new InvalidOperationException("No new key on the answer page."));
    }

    /// <summary>
    /// Starts a new chat the way htmx does without reading event streams (the answer is the chat's page, for
    /// &lt;main&gt;); returns the reply's event stream URL, which that page opens.
    /// </summary>
    public Task<string> StartChatAsync(string text) => SendAsync("/chat", text);

    /// <summary>
    /// Sends the next message of a chat the way htmx does without reading event streams (the answer is the new turn,
    /// not the page); returns the reply's event stream URL.
    /// </summary>
    public async Task<string> SendAsync(string chatUrl, string text)
    {
        using var request = NewSend(chatUrl, text);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return StreamUrl(await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Sends a message from the composer of <paramref name="chatUrl"/> (a chat's, or <c>/chat</c> for a new chat's first
    /// message) as a browser does with htmx 4 and its SSE extension (which adds <c>text/event-stream</c> to every
    /// request's Accept), and follows the reply as that browser would: an answer that is an event stream holds the
    /// new turn (for a new chat, the chat's page) and then the reply's events (one round trip); an answer that is
    /// HTML names the reply's event stream, which is then opened (two). Every piece that arrives (the turn's or the
    /// page's HTML too: a browser shows the text it holds) is kept with the time it arrived.
    /// </summary>
    public async Task<SendRead> SendAndFollowAsync(string chatUrl, string text)
    {
        using var request = NewSend(chatUrl, text);
        request.Headers.Accept.ParseAdd("text/html");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var answered = Stopwatch.GetTimestamp();
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            var (events, status) = await ReadEventsAsync(response);
            return new SendRead(answered, answered, events, status);
        }
        var html = await response.Content.ReadAsStringAsync();
        var turnArrived = Stopwatch.GetTimestamp();
        var stream = await ReadStreamAsync(StreamUrl(html));
        return new SendRead(answered, stream.OpenedAt, [(turnArrived, html), .. stream.Events], stream.Status);
    }

    /// <summary>The composer's POST as htmx 4 sends it: a boosted form whose target is the thread.</summary>
    private HttpRequestMessage NewSend(string url, string text)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Text"] = text,
                ["Input.ClientId"] = Guid.CreateVersion7().ToString(),
                ["Settings.ModelId"] = "1",
            }),
        };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("HX-Boosted", "true");
        request.Headers.Add("HX-Request-Type", "partial");
        request.Headers.Add("RequestVerificationToken", token);
        return request;
    }

    private static string StreamUrl(string html) =>
        WebUtility.HtmlDecode(SseUrl().Match(html) is { Success: true } m ? m.Groups[1].Value
            : throw new InvalidOperationException("No reply stream in the answer."));

    /// <summary>
    /// Starts a new chat the way a browser without JavaScript does (a plain form post) and reads the page it answers
    /// with, which streams the reply into itself as it is written, to its end. Returns whether the page ended with
    /// the finished reply (the stylesheet link that hides the draft, then the document's end).
    /// </summary>
    public async Task<bool> StartPlainChatAsync(string text, Action? pageOpened = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/chat")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Text"] = text,
                ["Input.ClientId"] = Guid.CreateVersion7().ToString(),
                ["Settings.ModelId"] = "1",
                ["__RequestVerificationToken"] = token,
            }),
        };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        pageOpened?.Invoke();
        var page = await response.Content.ReadAsStringAsync();
        return page.Contains("draft-done.css", StringComparison.Ordinal) && page.TrimEnd().EndsWith("</html>", StringComparison.Ordinal);
    }

    /// <summary>
    /// Reads a reply's event stream to its end: when its headers arrived, each text event with the time it arrived,
    /// and the status of the final event (null when the stream ended without one).
    /// </summary>
    public async Task<StreamRead> ReadStreamAsync(string url, Action? streamOpened = null)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        var opened = Stopwatch.GetTimestamp();
        response.EnsureSuccessStatusCode();
        streamOpened?.Invoke();
        var (events, status) = await ReadEventsAsync(response);
        return new StreamRead(opened, events, status);
    }

    /// <summary>Each data line of an event stream with the time it arrived, and the status of its final event.</summary>
    private static async Task<(List<(long ArrivedAt, string Text)> Events, string? Status)> ReadEventsAsync(HttpResponseMessage response)
    {
        var events = new List<(long, string)>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var done = false;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: reply-done", StringComparison.Ordinal))
            {
                done = true;
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                if (done)
                {
                    return (events, line[6..]);
                }
                events.Add((Stopwatch.GetTimestamp(), line[6..]));
            }
        }
        return (events, null);
    }

    /// <summary>The antiforgery token of the form on the page at <paramref name="path"/>.</summary>
    public async Task<string> FormTokenAsync(string path) => Token(await http.GetStringAsync(path));

    private static string Token(string html) => AntiforgeryToken().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("id=\"new-key\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex NewKey();

    [GeneratedRegex("hx-sse:connect=\"([^\"]+)\"")]
    private static partial Regex SseUrl();

    public void Dispose() => http.Dispose();
}

/// <summary>One reply's event stream as read: when it opened, its text events as they arrived, and its final status.</summary>
public sealed record StreamRead(long OpenedAt, List<(long ArrivedAt, string Text)> Events, string? Status);

/// <summary>
/// A send followed as a browser does: when its answer's headers arrived, when the reply's event stream opened (the
/// same moment when the answer is the stream), every piece with the time it arrived, and the final status.
/// </summary>
public sealed record SendRead(long AnsweredAt, long OpenedAt, List<(long ArrivedAt, string Text)> Events, string? Status);

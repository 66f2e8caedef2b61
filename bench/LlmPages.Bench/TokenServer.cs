using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LlmPages.Bench;

/// <summary>
/// A fake OpenAI-compatible server that streams <see cref="Tokens"/> tokens at <see cref="TokensPerSecond"/>. Each
/// token is " #seq@timestamp" (Stopwatch ticks, the same monotonic clock in every process on the machine), so a
/// reader anywhere can tell the order and how long each token took to reach it.
/// </summary>
public sealed partial class TokenServer : IAsyncDisposable
{
    private WebApplication app = null!;

    public int Tokens { get; set; } = 40;

    public double TokensPerSecond { get; set; } = 20;

    /// <summary>When set, each reply goes on (past <see cref="Tokens"/>) until this is cancelled, then ends after its next token.</summary>
    public CancellationToken? EndlessUntil { get; set; }

    /// <summary>When set, each reply waits for this before it starts (at a random point of its first interval).</summary>
    public Task? HoldUntil { get; set; }

    /// <summary>Replies asked for and waiting on <see cref="HoldUntil"/>.</summary>
    public int Holding => Volatile.Read(ref holding);

    private int holding;

    /// <summary>Every token sent so far, by every reply: what readers should have received in all.</summary>
    public long TokensSent => Interlocked.Read(ref tokensSent);

    private long tokensSent;

    /// <summary>How long the model "thinks" before its first token (on top of one token's interval).</summary>
    public TimeSpan ThinkTime { get; set; }

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<TokenServer> StartAsync()
    {
        var server = new TokenServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        server.app = builder.Build();
        server.app.MapGet("/v1/models", () => Results.Json(new { @object = "list", data = new[] { new { id = "bench-model", @object = "model" } } }));
        server.app.MapPost("/v1/chat/completions", server.CompleteAsync);
        await server.app.StartAsync();
        var address = server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    /// <summary>When the latest completion request reached the server (Stopwatch ticks).</summary>
    public long LastRequestAt => Interlocked.Read(ref lastRequestAt);

    private long lastRequestAt;

    private async Task CompleteAsync(HttpContext context)
    {
        Interlocked.Exchange(ref lastRequestAt, Stopwatch.GetTimestamp());
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var stream = body.RootElement.TryGetProperty("stream", out var s) && s.GetBoolean();
        // As OpenAI's and most compatible servers do: a last chunk with the call's usage, when the client asks for it.
        var usage = body.RootElement.TryGetProperty("stream_options", out var o) && o.TryGetProperty("include_usage", out var u) && u.GetBoolean();
        if (!stream)
        {
            await context.Response.WriteAsJsonAsync(new
            {
                id = "c",
                @object = "chat.completion",
                created = 0,
                model = "bench-model",
                choices = new[] { new { index = 0, message = new { role = "assistant", content = "Bench title" }, finish_reason = "stop" } },
            });
            return;
        }
        context.Response.ContentType = "text/event-stream";
        var interval = TimeSpan.FromSeconds(1 / TokensPerSecond);
        if (HoldUntil is { } hold)
        {
            Interlocked.Increment(ref holding);
            await hold.WaitAsync(context.RequestAborted);
            Interlocked.Decrement(ref holding);
            // Released together, the replies must not all tick at the same instants.
            await Task.Delay(TimeSpan.FromSeconds(Random.Shared.NextDouble() / TokensPerSecond), context.RequestAborted);
        }
        var start = Stopwatch.GetTimestamp() + (long)(ThinkTime.TotalSeconds * Stopwatch.Frequency);
        var endless = EndlessUntil;
        var sentHere = 0;
        for (var i = 1; endless is { } until ? !until.IsCancellationRequested : i <= Tokens; i++)
        {
            // Paced from the start, so a slow write does not slow the whole reply down.
            var due = start + (long)(interval.TotalSeconds * i * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, context.RequestAborted);
            }
            // Written by hand rather than serialized: the server shares the machine's cores with the app it feeds.
            await WriteAsync(context, string.Create(CultureInfo.InvariantCulture,
                $"{{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"bench-model\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\" #{i}@{Stopwatch.GetTimestamp()}\"}},\"finish_reason\":null}}]}}"));
            Interlocked.Increment(ref tokensSent);
            sentHere++;
        }
        await WriteAsync(context, Chunk(new { }, "stop"));
        if (usage)
        {
            await WriteAsync(context, "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"bench-model\",\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":" + sentHere.ToString(CultureInfo.InvariantCulture) + ",\"total_tokens\":" + (sentHere + 10).ToString(CultureInfo.InvariantCulture) + "}}");
        }
        await WriteAsync(context, "[DONE]");
    }

    private static string Chunk(object delta, string? finish) => JsonSerializer.Serialize(new
    {
        id = "c",
        @object = "chat.completion.chunk",
        created = 0,
        model = "bench-model",
        choices = new[] { new { index = 0, delta, finish_reason = finish } },
    });

    private static async Task WriteAsync(HttpContext context, string data)
    {
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes($"data: {data}\n\n"), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    /// <summary>The tokens in a piece of text (a JSON chunk or an event's data): their sequence numbers and send times.</summary>
    public static IEnumerable<(int Seq, long SentAt)> Parse(string text) =>
        TokenPattern().Matches(text).Select(m => (
            int.Parse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture),
            long.Parse(m.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture)));

    [System.Text.RegularExpressions.GeneratedRegex(@"#(\d+)@(\d+)")]
    private static partial System.Text.RegularExpressions.Regex TokenPattern();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}

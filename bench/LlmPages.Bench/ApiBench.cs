using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace LlmPages.Bench;

/// <summary>
/// The OpenAI-compatible API (<c>/v1</c>), with a key made the way a person makes one (the form of
/// <c>/profile/api-keys/new</c>): the time to its first streamed token against the fake model server's own endpoint,
/// which speaks the same wire format, and N API streams at once, each of which must end with every token in order.
/// </summary>
public static class ApiBench
{
    public static async Task<List<(string Measure, string Result, string Target)>> MeasureAsync(
        TokenServer model, AppProcess app, AppClient person, int samples, int[] streamCounts, double rate, double windowSeconds)
    {
        var key = await person.CreateApiKeyAsync("Benchmark");
        var rows = new List<(string, string, string)>();
        using var api = Client(new Uri(app.Address, "/v1/"), key);
        var modelId = await ModelIdAsync(api);
        rows.AddRange(await MeasureFirstTokenAsync(model, app.Address, key, modelId, samples));
        foreach (var streams in streamCounts)
        {
            rows.AddRange(await MeasureStreamsAsync(model, app, key, modelId, streams, rate, windowSeconds));
        }
        return rows;
    }

    /// <summary>
    /// Time to the first content token, streaming, from sending the request: the model server directly and through
    /// <c>/v1/chat/completions</c>, taking turns, each over one connection kept alive (a client of its own for each),
    /// after warm-up calls that pay for JIT and the connections.
    /// </summary>
    private static async Task<List<(string, string, string)>> MeasureFirstTokenAsync(TokenServer model, Uri app, string key, string modelId, int samples)
    {
        model.Tokens = 10;
        model.TokensPerSecond = 100;
        model.ThinkTime = TimeSpan.Zero;
        using var direct = Client(new Uri(model.BaseUrl.ToString().TrimEnd('/') + "/"), key: null);
        using var through = Client(new Uri(app, "/v1/"), key);
        var directFirst = new List<double>();
        var appFirst = new List<double>();
        var reached = new List<double>();
        var directOwn = new List<double>();
        var appOwn = new List<double>();
        const int warmUp = 5;
        for (var i = 0; i < samples + warmUp; i++)
        {
            var d = await FirstTokenAsync(direct, "bench-model", model.Tokens, model);
            var a = await FirstTokenAsync(through, modelId, model.Tokens, model);
            if (i >= warmUp)
            {
                directFirst.Add(d.Total);
                appFirst.Add(a.Total);
                reached.Add(a.Reached);
                directOwn.Add(d.Total - d.ModelWait);
                appOwn.Add(a.Total - a.ModelWait);
            }
        }
        // What every call pays before it reaches the model, without one: the key's check and the pipeline.
        var directModels = new List<double>();
        var appModels = new List<double>();
        for (var i = 0; i < samples + warmUp; i++)
        {
            var d = await GetAsync(direct, "models");
            var a = await GetAsync(through, "models");
            if (i >= warmUp)
            {
                directModels.Add(d);
                appModels.Add(a);
            }
        }
        var added = Stats.Percentile(appFirst, 50) - Stats.Percentile(directFirst, 50);
        var addedOwn = Stats.Percentile(appOwn, 50) - Stats.Percentile(directOwn, 50);
        return
        [
            ("API GET /v1/models, one at a time: direct / through /v1 (median)", $"{Stats.Ms(Stats.Percentile(directModels, 50))} / {Stats.Ms(Stats.Percentile(appModels, 50))}", ""),
            ("API time to first token, streaming: direct / through /v1 (median)", $"{Stats.Ms(Stats.Percentile(directFirst, 50))} / {Stats.Ms(Stats.Percentile(appFirst, 50))}", ""),
            ("API time to first token, streaming: direct / through /v1 (p99)", $"{Stats.Ms(Stats.Percentile(directFirst, 99))} / {Stats.Ms(Stats.Percentile(appFirst, 99))}", ""),
            ($"API added time to first token ({samples} samples, difference of the medians above)", Stats.Ms(added), ""),
            ($"API added time to first token, the model's own wait taken out of each call ({samples} samples, median)", Stats.Ms(addedOwn), "<= 2 ms median"),
            ("Of which: the call reaching the model through /v1, from sending it (median / p99)", $"{Stats.Ms(Stats.Percentile(reached, 50))} / {Stats.Ms(Stats.Percentile(reached, 99))}", ""),
        ];
    }

    private static async Task<double> GetAsync(HttpClient http, string url)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(url);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>
    /// One streamed completion read to its end: the time from sending it to its first token, from sending it to the
    /// model receiving it, and the model's own wait between receiving it and sending that token (its first token's
    /// send time, carried in the token), in ms. The wait is a timer of the fake model's, the same for every caller
    /// but for a millisecond of jitter either way: taking it out of each call leaves what the path itself took.
    /// </summary>
    private static async Task<(double Total, double Reached, double ModelWait)> FirstTokenAsync(HttpClient http, string modelId, int tokens, TokenServer model)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(Request(modelId), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        double? first = null;
        long firstSentAt = 0;
        var seen = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            foreach (var token in TokenServer.Parse(line))
            {
                if (first is null)
                {
                    first = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    firstSentAt = token.SentAt;
                }
                seen++;
            }
        }
        var reached = model.LastRequestAt;
        return seen == tokens && first is { } ms
            ? (ms, Stopwatch.GetElapsedTime(started, reached).TotalMilliseconds, Stopwatch.GetElapsedTime(reached, firstSentAt).TotalMilliseconds)
            : throw new InvalidOperationException($"A streamed completion from {http.BaseAddress} brought {seen} tokens of {tokens}.");
    }

    /// <summary>
    /// N API streams at once through one key. The model holds every reply until all N calls reached it; then all are
    /// released together, and after a warm-up second a steady window of all N streaming gives the token delay, the
    /// app's CPU and its peak memory. Then the model ends every reply, and each stream must hold every token it was
    /// sent, in order, and end with <c>finish_reason</c> "stop" and <c>[DONE]</c>.
    /// </summary>
    private static async Task<List<(string, string, string)>> MeasureStreamsAsync(
        TokenServer model, AppProcess app, string key, string modelId, int streams, double rate, double windowSeconds)
    {
        using var ending = new CancellationTokenSource();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        model.EndlessUntil = ending.Token;
        model.HoldUntil = release.Task;
        model.TokensPerSecond = rate;
        model.ThinkTime = TimeSpan.Zero;
        var sentBefore = model.TokensSent;
        GC.Collect();
        await Task.Delay(1000);
        var idle = app.WorkingSet;

        using var http = Client(new Uri(app.Address, "/v1/"), key);
        var ramp = Stopwatch.StartNew();
        var reads = Enumerable.Range(0, streams).Select(_ => ReadStreamAsync(http, modelId)).ToList();
        var whenAll = Task.WhenAll(reads);
        while (model.Holding < streams && !whenAll.IsCompleted)
        {
            await Task.Delay(50);
        }
        ramp.Stop();
        var idleOpen = app.WorkingSet;
        release.SetResult();
        await Task.Delay(1000);
        model.HoldUntil = null;

        Console.Error.WriteLine($"[bench] {streams} API streams open after {ramp.Elapsed.TotalSeconds:0.0} s; measuring {windowSeconds} s (app pid {app.ProcessId})");
        var windowStart = Stopwatch.GetTimestamp();
        var cpuBefore = app.CpuTime;
        var peak = app.WorkingSet;
        var window = TimeSpan.FromSeconds(windowSeconds);
        while (Stopwatch.GetElapsedTime(windowStart) < window)
        {
            await Task.Delay(100);
            peak = Math.Max(peak, app.WorkingSet);
        }
        var windowEnd = Stopwatch.GetTimestamp();
        var cpuSeconds = (app.CpuTime - cpuBefore).TotalSeconds;
        var cpu = cpuSeconds / Stopwatch.GetElapsedTime(windowStart, windowEnd).TotalSeconds;
        await ending.CancelAsync();
        var results = await whenAll;
        model.EndlessUntil = null;

        var complete = 0;
        long received = 0;
        var delays = new List<double>();
        foreach (var (tokens, finished) in results)
        {
            received += tokens.Count;
            if (finished && tokens.Count > 0 && tokens.Select(t => t.Seq).SequenceEqual(Enumerable.Range(1, tokens.Count)))
            {
                complete++;
            }
            delays.AddRange(tokens.Where(t => t.SentAt >= windowStart && t.SentAt < windowEnd)
                .Select(t => Stopwatch.GetElapsedTime(t.SentAt, t.ArrivedAt).TotalMilliseconds));
        }
        var sent = model.TokensSent - sentBefore;
        var perStream = (peak - idle) / (double)streams;
        var seconds = windowSeconds.ToString("0", CultureInfo.InvariantCulture);
        return
        [
            ($"{streams} concurrent API streams at {rate} tokens/s: complete and in order; tokens received / sent", $"{complete} of {streams}; {received:N0} / {sent:N0}", "all"),
            ($"{streams} API streams: all calls reaching the model", $"{ramp.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s", ""),
            ($"{streams} API streams, {seconds} s all streaming: token delay through /v1 (p50 / p99)", $"{Stats.Ms(Stats.Percentile(delays, 50))} / {Stats.Ms(Stats.Percentile(delays, 99))}", ""),
            ($"{streams} API streams: server memory idle / all waiting / peak streaming (per stream)", $"{Stats.Mb(idle)} / {Stats.Mb(idleOpen)} / {Stats.Mb(peak)} ({Stats.Kb(perStream)})", ""),
            ($"{streams} API streams: CPU of LlmPages while all stream", $"{cpu.ToString("0.00", CultureInfo.InvariantCulture)} cores of {Environment.ProcessorCount}", ""),
            ($"{streams} API streams: LlmPages' CPU time per token relayed in the window", Stats.MicrosecondsPerToken(cpuSeconds, delays.Count), ""),
        ];
    }

    /// <summary>One API stream read to its end: its tokens as they arrived, and whether it ended as a finished completion.</summary>
    private static async Task<(List<(int Seq, long SentAt, long ArrivedAt)> Tokens, bool Finished)> ReadStreamAsync(HttpClient http, string modelId)
    {
        var tokens = new List<(int, long, long)>();
        using var response = await http.SendAsync(Request(modelId), HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            Console.Error.WriteLine($"[bench] an API stream was refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return (tokens, false);
        }
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var stopped = false;
        var done = false;
        while (await reader.ReadLineAsync() is { } line)
        {
            var arrived = Stopwatch.GetTimestamp();
            foreach (var (seq, sent) in TokenServer.Parse(line))
            {
                tokens.Add((seq, sent, arrived));
            }
            stopped |= line.Contains("\"finish_reason\":\"stop\"", StringComparison.Ordinal);
            done |= line == "data: [DONE]";
        }
        return (tokens, stopped && done);
    }

    private static HttpRequestMessage Request(string modelId) => new(HttpMethod.Post, "chat/completions")
    {
        Content = new StringContent(
            JsonSerializer.Serialize(new { model = modelId, stream = true, messages = new[] { new { role = "user", content = "hi" } } }),
            Encoding.UTF8, "application/json"),
    };

    /// <summary>The model's id as the API lists it (<c>provider-slug/wire-id</c>).</summary>
    private static async Task<string> ModelIdAsync(HttpClient api)
    {
        using var models = JsonDocument.Parse(await api.GetStringAsync("models"));
        return models.RootElement.GetProperty("data").EnumerateArray()
            .Select(m => m.GetProperty("id").GetString()!)
            .First(id => id.EndsWith("/bench-model", StringComparison.Ordinal));
    }

    /// <summary>A client whose connections stay open between requests (one when they come one at a time).</summary>
    private static HttpClient Client(Uri baseAddress, string? key)
    {
        var http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            MaxConnectionsPerServer = int.MaxValue,
        })
        { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return http;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace LlmPages.Bench;

/// <summary>
/// Starts a fake model server and LlmPages (Release, its own process), measures, and prints one Markdown table.
/// Options: --app PATH (LlmPages.dll), --repo PATH (for the asset sizes), --streams 100,1000, --rate 20 (tokens/s
/// per stream), --tokens 60, --quick (smaller samples), --only latency,streams,pages (some parts only),
/// --samples 30 (latency samples), --think 200 (ms a model thinks before its first token, in the second latency run).
/// </summary>
public static class BenchMain
{
    private static readonly List<(string Measure, string Result, string Target)> Rows = [];

    public static async Task<int> Main(string[] args)
    {
        var options = Options.Parse(args);
        await using var model = await TokenServer.StartAsync();
        await using var app = await AppProcess.StartAsync(options.AppDll, model.BaseUrl);
        using var client = new AppClient(app.Address);
        await client.LogInAsync();

        if (options.Runs("latency"))
        {
            await MeasureLatencyAsync(model, client, options, TimeSpan.Zero);
            await MeasureLatencyAsync(model, client, options, TimeSpan.FromMilliseconds(options.ThinkMs));
        }
        if (options.Runs("streams"))
        {
            foreach (var streams in options.Streams)
            {
                await MeasureConcurrencyAsync(model, app, options, streams);
            }
        }
        if (options.Runs("pages"))
        {
            await MeasurePagesAsync(app, client, options);
            await MeasureBytesAsync(client, options);
        }

        Console.WriteLine();
        Console.WriteLine($"LlmPages benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {RuntimeInfo()}");
        Console.WriteLine();
        Console.WriteLine("| Measure | Result | Target |");
        Console.WriteLine("|---|---|---|");
        foreach (var (measure, result, target) in Rows)
        {
            Console.WriteLine($"| {measure} | {result} | {target} |");
        }
        return 0;
    }

    /// <summary>
    /// Time to first token and per-token delay: through LlmPages versus reading the model server directly. With no
    /// think time the model answers after 10 ms, sooner than the send POST and the stream's opening, which are then
    /// all of the added time; a model that thinks first (as real ones do) hides them, leaving what LlmPages adds
    /// before it asks the model and on the way back.
    /// </summary>
    private static async Task MeasureLatencyAsync(TokenServer model, AppClient client, Options options, TimeSpan think)
    {
        model.Tokens = 40;
        model.TokensPerSecond = 100;
        model.ThinkTime = think;
        var thinking = think > TimeSpan.Zero;
        var label = thinking ? $"model thinking {think.TotalMilliseconds:0} ms first" : "model answering at once";
        var samples = options.Samples ?? (options.Quick ? 10 : 30);
        var directFirst = new List<double>();
        var directDelay = new List<double>();
        var appFirst = new List<double>();
        var appDelay = new List<double>();
        var posted = new List<double>();
        var opened = new List<double>();
        using var direct = new HttpClient();
        for (var i = 0; i < samples + 2; i++)
        {
            var warm = i < 2; // the first calls pay for JIT and connection set-up
            var started = Stopwatch.GetTimestamp();
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(model.BaseUrl + "/chat/completions"))
            {
                Content = new StringContent("{\"model\":\"bench-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Encoding.UTF8, "application/json"),
            };
            using var response = await direct.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var first = true;
            while (await reader.ReadLineAsync() is { } line)
            {
                var arrived = Stopwatch.GetTimestamp();
                foreach (var (_, sent) in TokenServer.Parse(line))
                {
                    if (warm)
                    {
                        continue;
                    }
                    if (first)
                    {
                        directFirst.Add(Stopwatch.GetElapsedTime(started, arrived).TotalMilliseconds);
                        first = false;
                    }
                    directDelay.Add(Stopwatch.GetElapsedTime(sent, arrived).TotalMilliseconds);
                }
            }

            started = Stopwatch.GetTimestamp();
            var url = await client.StartChatAsync("Latency sample");
            var answered = Stopwatch.GetTimestamp();
            var (streamOpened, events) = await client.ReadTimedStreamAsync(url);
            if (warm)
            {
                continue;
            }
            posted.Add(Stopwatch.GetElapsedTime(started, answered).TotalMilliseconds);
            opened.Add(Stopwatch.GetElapsedTime(answered, streamOpened).TotalMilliseconds);
            var tokens = events.SelectMany(e => TokenServer.Parse(e.Text).Select(t => (e.ArrivedAt, t.SentAt))).ToList();
            appFirst.Add(Stopwatch.GetElapsedTime(started, tokens[0].ArrivedAt).TotalMilliseconds);
            // Tokens sent before the stream was open were replayed, not relayed: only relayed ones count.
            var firstEvent = events[0].ArrivedAt;
            appDelay.AddRange(tokens.Where(t => t.SentAt >= firstEvent).Select(t => Stopwatch.GetElapsedTime(t.SentAt, t.ArrivedAt).TotalMilliseconds));
        }
        var addedFirst = Stats.Percentile(appFirst, 50) - Stats.Percentile(directFirst, 50);
        Rows.Add(($"Time to first token, {label}: direct / through LlmPages (median)", $"{Stats.Ms(Stats.Percentile(directFirst, 50))} / {Stats.Ms(Stats.Percentile(appFirst, 50))}", ""));
        Rows.Add(($"Added time to first token, {label} (median)", $"{Stats.Ms(addedFirst)} ({(Stats.Percentile(appFirst, 50) / Stats.Percentile(directFirst, 50)).ToString("0.00", CultureInfo.InvariantCulture)}×)", "<= 5 ms"));
        if (thinking)
        {
            return;
        }
        Rows.Add(("Of which: the send POST answered / the stream opened (median)", $"{Stats.Ms(Stats.Percentile(posted, 50))} / {Stats.Ms(Stats.Percentile(opened, 50))}", ""));
        Rows.Add(("Per-token delay, direct (median / p99)", $"{Stats.Ms(Stats.Percentile(directDelay, 50))} / {Stats.Ms(Stats.Percentile(directDelay, 99))}", ""));
        Rows.Add(("Per-token delay through LlmPages (median / p99)", $"{Stats.Ms(Stats.Percentile(appDelay, 50))} / {Stats.Ms(Stats.Percentile(appDelay, 99))}", ""));
        Rows.Add(("Added per-token delay (p99)", Stats.Ms(Stats.Percentile(appDelay, 99) - Stats.Percentile(directDelay, 99)), "<= 2 ms"));
    }

    /// <summary>N chats streaming at once: every token delivered in order, added delay, CPU and memory.</summary>
    private static async Task MeasureConcurrencyAsync(TokenServer model, AppProcess app, Options options, int streams)
    {
        model.Tokens = options.Tokens;
        model.TokensPerSecond = options.Rate;
        GC.Collect();
        await Task.Delay(1000);
        var idle = app.WorkingSet;
        var peak = idle;
        var cpuBefore = app.CpuTime;
        var wall = Stopwatch.StartNew();
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, app.WorkingSet);
                await Task.Delay(100);
            }
        });

        using var client = new AppClient(app.Address);
        await client.LogInAsync();
        using var gate = new SemaphoreSlim(32); // how many sends are in flight at once
        var results = await Task.WhenAll(Enumerable.Range(0, streams).Select(async i =>
        {
            string url;
            await gate.WaitAsync();
            try
            {
                url = await client.StartChatAsync($"Stream {i}");
            }
            finally
            {
                gate.Release();
            }
            return await client.ReadStreamAsync(url);
        }));
        await sampling.CancelAsync();
        await sampler;
        var cpu = (app.CpuTime - cpuBefore).TotalSeconds / wall.Elapsed.TotalSeconds;

        var complete = 0;
        var delays = new List<double>();
        foreach (var events in results)
        {
            var seqs = events.SelectMany(e => TokenServer.Parse(e.Text)).Select(t => t.Seq).ToList();
            if (seqs.SequenceEqual(Enumerable.Range(1, options.Tokens)))
            {
                complete++;
            }
            var opened = events.Count > 0 ? events[0].ArrivedAt : 0;
            delays.AddRange(events.SelectMany(e => TokenServer.Parse(e.Text).Where(t => t.SentAt >= opened)
                .Select(t => Stopwatch.GetElapsedTime(t.SentAt, e.ArrivedAt).TotalMilliseconds)));
        }
        var perStream = (peak - idle) / (double)streams;
        Rows.Add(($"{streams} concurrent streams at {options.Rate} tokens/s: complete and in order", $"{complete} of {streams}", "all"));
        Rows.Add(($"{streams} streams: token delay through LlmPages (p50 / p99)", $"{Stats.Ms(Stats.Percentile(delays, 50))} / {Stats.Ms(Stats.Percentile(delays, 99))}", "<= 50 ms p99 (1,000 streams)"));
        Rows.Add(($"{streams} streams: server memory idle / peak (per stream)", $"{Stats.Mb(idle)} / {Stats.Mb(peak)} ({Stats.Kb(perStream)})", "<= 150 KB per stream"));
        Rows.Add(($"{streams} streams: server CPU", $"{cpu.ToString("0.00", CultureInfo.InvariantCulture)} cores over {wall.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s", ""));
    }

    /// <summary>Requests/s and latency of a 1,000-message conversation and the chat page of a person with 10,000 chats.</summary>
    private static async Task MeasurePagesAsync(AppProcess app, AppClient client, Options options)
    {
        var (longChat, _) = await Seeder.SeedAsync(app.DatabasePath, options.Quick ? 2000 : 10_000, 1000);
        foreach (var (name, url, target) in new[]
        {
            ("Conversation with 1,000 messages", $"/chat/{longChat}", "<= 50 ms median"),
            ("Chat page of a person with 10,000 chats", "/chat", "<= 30 ms median"),
        })
        {
            var (rps, p50, p99) = await LoadAsync(client, url, TimeSpan.FromSeconds(options.Quick ? 3 : 10), concurrency: 4);
            Rows.Add(($"{name}: requests/s, latency p50 / p99", $"{rps.ToString("0", CultureInfo.InvariantCulture)}/s, {Stats.Ms(p50)} / {Stats.Ms(p99)}", target));
        }
    }

    private static async Task<(double Rps, double P50, double P99)> LoadAsync(AppClient client, string url, TimeSpan duration, int concurrency)
    {
        for (var i = 0; i < 5; i++)
        {
            (await client.Http.GetAsync(url)).EnsureSuccessStatusCode(); // warm up
        }
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.Http.GetAsync(url);
                await response.Content.ReadAsByteArrayAsync();
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        var list = latencies.ToList();
        return (list.Count / clock.Elapsed.TotalSeconds, Stats.Percentile(list, 50), Stats.Percentile(list, 99));
    }

    /// <summary>What a browser downloads, gzipped: our JavaScript, our CSS, and a typical chat page.</summary>
    private static async Task MeasureBytesAsync(AppClient client, Options options)
    {
        var dist = Path.Combine(options.Repo, "LlmPages", "wwwroot", "dist");
        var page = await client.Http.GetStringAsync("/chat");
        var typical = System.Text.RegularExpressions.Regex.Match(page, "href=\"(/chat/[0-9a-f-]{36})\">A typical conversation").Groups[1].Value;
        var html = await client.Http.GetByteArrayAsync(typical);
        Rows.Add(("JavaScript, gzipped", Stats.Kb(Gzip(await File.ReadAllBytesAsync(Path.Combine(dist, "app.js")))), "<= 20 KB"));
        Rows.Add(("CSS, gzipped", Stats.Kb(Gzip(await File.ReadAllBytesAsync(Path.Combine(dist, "app.css")))), "<= 15 KB"));
        Rows.Add(("HTML of a typical chat page (10 messages), gzipped", Stats.Kb(Gzip(html)), ""));
    }

    private static long Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(bytes);
        }
        return output.Length;
    }

    private static string RuntimeInfo() => $".NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";

    private sealed record Options(string AppDll, string Repo, int[] Streams, double Rate, int Tokens, bool Quick, string[] Only, int? Samples, double ThinkMs)
    {
        /// <summary>Whether a part of the benchmark runs: all of them unless --only names some (latency,streams,pages).</summary>
        public bool Runs(string part) => Only.Length == 0 || Only.Contains(part);

        public static Options Parse(string[] args)
        {
            string Value(string name, string fallback)
            {
                var i = Array.IndexOf(args, name);
                return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
            }
            var repo = Path.GetFullPath(Value("--repo", "."));
            return new Options(
                Path.GetFullPath(Value("--app", Path.Combine(repo, "LlmPages", "bin", "Release", "net10.0", "LlmPages.dll"))),
                repo,
                [.. Value("--streams", "100,1000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))],
                double.Parse(Value("--rate", "20"), CultureInfo.InvariantCulture),
                int.Parse(Value("--tokens", "60"), CultureInfo.InvariantCulture),
                args.Contains("--quick"),
                Value("--only", "").Split(',', StringSplitOptions.RemoveEmptyEntries),
                Value("--samples", "") is { Length: > 0 } samples ? int.Parse(samples, CultureInfo.InvariantCulture) : null,
                double.Parse(Value("--think", "200"), CultureInfo.InvariantCulture));
        }
    }
}

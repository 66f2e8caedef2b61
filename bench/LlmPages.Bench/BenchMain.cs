using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace LlmPages.Bench;

/// <summary>
/// Starts a fake model server and LlmPages (Release, its own process), measures, and prints one Markdown table.
/// Options: --app PATH (LlmPages.dll), --repo PATH (for the asset sizes), --streams 100,1000, --rate 20 (tokens/s
/// per stream), --window 15 (seconds with every stream streaming), --quick (smaller samples), --only latency,streams,pages,projects,history,admin,signin,api,memory,transfers,parser (some parts only),
/// --published PATH (the published LlmPages.dll the memory part runs, as it ships; bench/run.sh publishes it),
/// --samples 30 (latency samples), --think 200 (ms a model thinks before its first token, in the second latency run),
/// --database sqlite|postgres (the app's database: SQLite in its data folder, or a fresh database on the PostgreSQL
/// server in <c>LLMPAGES_BENCH_POSTGRES</c>, dropped after the run).
/// </summary>
public static class BenchMain
{
    private static readonly List<(string Measure, string Result, string Target)> Rows = [];

    /// <summary>How often the rows of streaming replies are read, where the database can tell who wrote them: often enough to see every save.</summary>
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(250);

    public static async Task<int> Main(string[] args)
    {
        var options = Options.Parse(args);
        await using var database = await BenchDatabase.CreateForRunAsync(options.Database);
        var databaseLine = await database.DescribeAsync();
        await using var model = await TokenServer.StartAsync();
        await using var app = await AppProcess.StartAsync(options.AppDll, model.BaseUrl, database);
        using var client = new AppClient(app.Address);
        await client.LogInAsync();

        if (options.Runs("latency"))
        {
            await MeasureLatencyAsync(model, client, options, TimeSpan.Zero, nextMessage: false);
            await MeasureLatencyAsync(model, client, options, TimeSpan.Zero, nextMessage: true);
            await MeasureLatencyAsync(model, client, options, TimeSpan.FromMilliseconds(options.ThinkMs), nextMessage: false);
            await MeasureLatencyAsync(model, client, options, TimeSpan.FromMilliseconds(options.ThinkMs), nextMessage: true);
        }
        if (options.Runs("streams"))
        {
            foreach (var streams in options.Streams)
            {
                await MeasureConcurrencyAsync(model, app, database, options, streams);
            }
        }
        if (options.Runs("pages"))
        {
            await MeasurePagesAsync(app, database, client, options);
            await MeasureBytesAsync(client, options);
        }
        if (options.Runs("projects"))
        {
            await MeasureProjectPagesAsync(app, database, client, options);
        }
        if (options.Runs("history"))
        {
            await MeasureHistoryAsync(model, options);
        }
        if (options.Runs("admin"))
        {
            await MeasureAdminPagesAsync(app, database, client, options);
        }
        if (options.Runs("api"))
        {
            Rows.AddRange(await ApiBench.MeasureAsync(model, app, client, options.Samples ?? (options.Quick ? 20 : 60), options.Streams, options.Rate, options.WindowSeconds));
        }
        if (options.Runs("memory"))
        {
            Rows.AddRange(await MemoryBench.MeasureAsync(model, options.PublishedAppDll, options.Database, options.Rate, options.WindowSeconds));
        }
        if (options.Runs("transfers"))
        {
            Rows.AddRange(await TransferBench.MeasureAsync(model, options.PublishedAppDll, options.Database));
        }
        if (options.Runs("parser"))
        {
            Rows.AddRange(await ParserBench.MeasureAsync(options.Quick));
        }
        if (options.Runs("signin"))
        {
            Rows.AddRange(await SignInTiming.MeasureAsync(app.Address, options.Samples ?? (options.Quick ? 20 : 60)));
        }

        Console.WriteLine();
        Console.WriteLine($"LlmPages benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {RuntimeInfo()}");
        if (databaseLine is not null)
        {
            Console.WriteLine($"Database: {databaseLine}");
        }
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
    /// <param name="nextMessage">Send each sample as the next message of one chat rather than as the first message of a
    /// new chat. Either is sent as a browser with htmx does: the answer is the new turn (for a new chat, the chat's
    /// page) and then the reply's events, one round trip.</param>
    private static async Task MeasureLatencyAsync(TokenServer model, AppClient client, Options options, TimeSpan think, bool nextMessage)
    {
        model.Tokens = 40;
        model.TokensPerSecond = 100;
        model.ThinkTime = think;
        var thinking = think > TimeSpan.Zero;
        var label = (thinking ? $"model thinking {think.TotalMilliseconds:0} ms first" : "model answering at once")
            + (nextMessage ? ", next message of a chat" : ", new chat");
        string? chatUrl = null;
        var samples = options.Samples ?? (options.Quick ? 10 : 30);
        var directFirst = new List<double>();
        var directDelay = new List<double>();
        var appFirst = new List<double>();
        var appDelay = new List<double>();
        var posted = new List<double>();
        var opened = new List<double>();
        // Next messages only (a new chat's title job asks the same model soon after each reply): the send reaching the
        // model, and each path's time with the model's own wait (its first token's send time minus the request's
        // arrival) taken out, as the API's bench does: steadier than the difference of two medians that each hold it.
        var reached = new List<double>();
        var directOwn = new List<double>();
        var appOwn = new List<double>();
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
                        directOwn.Add(Stopwatch.GetElapsedTime(started, arrived).TotalMilliseconds - Stopwatch.GetElapsedTime(model.LastRequestAt, sent).TotalMilliseconds);
                        first = false;
                    }
                    directDelay.Add(Stopwatch.GetElapsedTime(sent, arrived).TotalMilliseconds);
                }
            }

            if (nextMessage && chatUrl is null)
            {
                var firstReply = await client.StartChatAsync("Latency sample");
                await client.ReadStreamAsync(firstReply);
                chatUrl = firstReply.Split("/generations/")[0];
            }
            started = Stopwatch.GetTimestamp();
            // As the browser does: one round trip when the answer is the reply's event stream.
            var answer = await client.SendAndFollowAsync(nextMessage ? chatUrl! : "/chat", nextMessage ? $"Latency sample {i}" : "Latency sample");
            var (answered, streamOpened, events) = (answer.AnsweredAt, answer.OpenedAt, answer.Events);
            if (warm)
            {
                continue;
            }
            posted.Add(Stopwatch.GetElapsedTime(started, answered).TotalMilliseconds);
            opened.Add(Stopwatch.GetElapsedTime(answered, streamOpened).TotalMilliseconds);
            // Only this reply's tokens: the turn's HTML also holds the reply before it (it loses its Regenerate button).
            var tokens = events.SelectMany(e => TokenServer.Parse(e.Text).Where(t => t.SentAt >= started).Select(t => (e.ArrivedAt, t.SentAt))).ToList();
            appFirst.Add(Stopwatch.GetElapsedTime(started, tokens[0].ArrivedAt).TotalMilliseconds);
            if (nextMessage)
            {
                var reachedAt = model.LastRequestAt;
                reached.Add(Stopwatch.GetElapsedTime(started, reachedAt).TotalMilliseconds);
                appOwn.Add(appFirst[^1] - Stopwatch.GetElapsedTime(reachedAt, tokens[0].SentAt).TotalMilliseconds);
            }
            // Tokens sent before the stream was open were replayed, not relayed: only relayed ones count.
            var firstEvent = events[0].ArrivedAt;
            appDelay.AddRange(tokens.Where(t => t.SentAt >= firstEvent).Select(t => Stopwatch.GetElapsedTime(t.SentAt, t.ArrivedAt).TotalMilliseconds));
        }
        var addedFirst = Stats.Percentile(appFirst, 50) - Stats.Percentile(directFirst, 50);
        Rows.Add(($"Time to first token, {label}: direct / through LlmPages (median)", $"{Stats.Ms(Stats.Percentile(directFirst, 50))} / {Stats.Ms(Stats.Percentile(appFirst, 50))}", ""));
        Rows.Add(($"Added time to first token, {label} (median)", $"{Stats.Ms(addedFirst)} ({(Stats.Percentile(appFirst, 50) / Stats.Percentile(directFirst, 50)).ToString("0.00", CultureInfo.InvariantCulture)}×)", "<= 5 ms"));
        Rows.Add(($"Of which, {label}: the send POST answered / the reply's own stream opened after it (median; 0 in one round trip)", $"{Stats.Ms(Stats.Percentile(posted, 50))} / {Stats.Ms(Stats.Percentile(opened, 50))}", ""));
        if (nextMessage)
        {
            Rows.Add(($"Of which, {label}: the send reaching the model, from posting it (median / p99)", $"{Stats.Ms(Stats.Percentile(reached, 50))} / {Stats.Ms(Stats.Percentile(reached, 99))}", ""));
            Rows.Add(($"Added time to first token, {label}, the model's own wait taken out of each call (median)", Stats.Ms(Stats.Percentile(appOwn, 50) - Stats.Percentile(directOwn, 50)), "<= 5 ms"));
        }
        if (thinking || nextMessage)
        {
            return;
        }
        Rows.Add(("Per-token delay, direct (median / p99)", $"{Stats.Ms(Stats.Percentile(directDelay, 50))} / {Stats.Ms(Stats.Percentile(directDelay, 99))}", ""));
        Rows.Add(("Per-token delay through LlmPages (median / p99)", $"{Stats.Ms(Stats.Percentile(appDelay, 50))} / {Stats.Ms(Stats.Percentile(appDelay, 99))}", ""));
        Rows.Add(("Added per-token delay (p99)", Stats.Ms(Stats.Percentile(appDelay, 99) - Stats.Percentile(directDelay, 99)), "<= 2 ms"));
    }

    /// <summary>
    /// N chats streaming at once, measured in a steady window. The chats are started (32 sends in flight) with the
    /// model holding every reply until all N streams are open; then all are released together, and after a
    /// warm-up second, <see cref="Options.WindowSeconds"/> of all N streaming give the token delay, CPU and peak
    /// memory (every reply is the same length then). Then the model ends every reply, and each stream must hold
    /// every token it was sent, in order, and end complete. On PostgreSQL the window also gives the CPU of the
    /// database's server processes and, from the rows of the streaming replies read four times a second, the
    /// transactions that saved their partial text: one per FlushInterval for all of them, when the saves are batched.
    /// </summary>
    private static async Task MeasureConcurrencyAsync(TokenServer model, AppProcess app, BenchDatabase database, Options options, int streams)
    {
        using var ending = new CancellationTokenSource();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        model.EndlessUntil = ending.Token;
        model.HoldUntil = release.Task;
        model.TokensPerSecond = options.Rate;
        model.ThinkTime = TimeSpan.Zero;
        var sentBefore = model.TokensSent;
        GC.Collect();
        await Task.Delay(1000);
        var idle = app.WorkingSet;

        using var client = new AppClient(app.Address);
        await client.LogInAsync();
        using var gate = new SemaphoreSlim(32); // how many sends are in flight at once
        var opened = 0;
        var ramp = Stopwatch.StartNew();
        var reads = Enumerable.Range(0, streams).Select(async i =>
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
            return await client.ReadStreamAsync(url, () => Interlocked.Increment(ref opened));
        }).ToList();
        var whenAll = Task.WhenAll(reads);
        while ((Volatile.Read(ref opened) < streams || model.Holding < streams) && !whenAll.IsCompleted)
        {
            await Task.Delay(50);
        }
        ramp.Stop();
        var idleOpen = app.WorkingSet;
        release.SetResult();
        await Task.Delay(1000);
        model.HoldUntil = null;

        // The steady window: every stream open and streaming, nothing starting or finishing.
        Console.Error.WriteLine($"[bench] {streams} streams open after {ramp.Elapsed.TotalSeconds:0.0} s; measuring {options.WindowSeconds} s (app pid {app.ProcessId})");
        var windowStart = Stopwatch.GetTimestamp();
        var cpuBefore = app.CpuTime;
        var ownCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var serverCpuBefore = await database.ReadServerCpuAsync();
        var loadBefore = await database.ReadServerLoadAsync();
        var connections = loadBefore?.Connections ?? 0;
        var peak = app.WorkingSet;
        var window = TimeSpan.FromSeconds(options.WindowSeconds);
        var rows = new List<StreamingRows>();
        while (Stopwatch.GetElapsedTime(windowStart) < window)
        {
            await Task.Delay(100);
            peak = Math.Max(peak, app.WorkingSet);
            if (rows.Count < Stopwatch.GetElapsedTime(windowStart) / SampleEvery && await database.ReadStreamingRowsAsync() is { } sample)
            {
                rows.Add(sample);
                connections = Math.Max(connections, (await database.ReadServerLoadAsync())?.Connections ?? 0);
            }
        }
        var loadAfter = await database.ReadServerLoadAsync();
        var windowEnd = Stopwatch.GetTimestamp();
        var windowSeconds = Stopwatch.GetElapsedTime(windowStart, windowEnd).TotalSeconds;
        var cpuSeconds = (app.CpuTime - cpuBefore).TotalSeconds;
        var cpu = cpuSeconds / windowSeconds;
        var ownCpu = (Process.GetCurrentProcess().TotalProcessorTime - ownCpuBefore).TotalSeconds / windowSeconds;
        var serverCpu = await database.ReadServerCpuAsync() is { } after && serverCpuBefore is not null ? after.Since(serverCpuBefore).TotalSeconds / windowSeconds : (double?)null;
        await ending.CancelAsync();
        var results = await whenAll;
        model.EndlessUntil = null;

        var complete = 0;
        long received = 0;
        var delays = new List<double>();
        foreach (var read in results)
        {
            var tokens = read.Events.SelectMany(e => TokenServer.Parse(e.Text).Select(t => (t.Seq, t.SentAt, e.ArrivedAt))).ToList();
            received += tokens.Count;
            if (read.Status == "Complete" && tokens.Count > 0 && tokens.Select(t => t.Seq).SequenceEqual(Enumerable.Range(1, tokens.Count)))
            {
                complete++;
            }
            delays.AddRange(tokens.Where(t => t.SentAt >= windowStart && t.SentAt < windowEnd)
                .Select(t => Stopwatch.GetElapsedTime(t.SentAt, t.ArrivedAt).TotalMilliseconds));
        }
        var sent = model.TokensSent - sentBefore;
        var perStream = (peak - idle) / (double)streams;
        var seconds = window.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
        Rows.Add(($"{streams} concurrent streams at {options.Rate} tokens/s: complete and in order; tokens received / sent", $"{complete} of {streams}; {received:N0} / {sent:N0}", "all"));
        Rows.Add(($"{streams} streams: starting them all (32 sends at a time)", $"{ramp.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s ({(streams / ramp.Elapsed.TotalSeconds).ToString("0", CultureInfo.InvariantCulture)} chats/s)", ""));
        Rows.Add(($"{streams} streams, {seconds} s all streaming: token delay through LlmPages (p50 / p99)", $"{Stats.Ms(Stats.Percentile(delays, 50))} / {Stats.Ms(Stats.Percentile(delays, 99))}", "<= 50 ms p99 (1,000 streams)"));
        Rows.Add(($"{streams} streams: server memory idle / all open, waiting / peak streaming (per stream)", $"{Stats.Mb(idle)} / {Stats.Mb(idleOpen)} / {Stats.Mb(peak)} ({Stats.Kb(perStream)})", "<= 150 KB per stream"));
        Rows.Add(($"{streams} streams: CPU while all stream, LlmPages / the benchmark's model server and readers", $"{cpu.ToString("0.00", CultureInfo.InvariantCulture)} / {ownCpu.ToString("0.00", CultureInfo.InvariantCulture)} cores of {Environment.ProcessorCount}", ""));
        Rows.Add(($"{streams} streams: LlmPages' CPU time per token relayed in the window", Stats.MicrosecondsPerToken(cpuSeconds, delays.Count), streams == 1000 ? "<= half of the figure before the stream parser" : ""));
        if (serverCpu is not null)
        {
            Rows.Add(($"{streams} streams: CPU while all stream, {database.DisplayName} (the run's database)", $"{serverCpu.Value.ToString("0.00", CultureInfo.InvariantCulture)} cores of {Environment.ProcessorCount}", ""));
        }
        if (rows.Count > 0)
        {
            // Every sample sees the writer of the last save; a save between two samples shows as a new writer.
            var saves = rows.SelectMany(r => r.Writers).Distinct().Count() - 1;
            Rows.Add(($"{streams} streams, {seconds} s all streaming: transactions saving the partial replies ({database.DisplayName}, seen in {rows.Count} samples)",
                $"{saves} ({(saves / windowSeconds).ToString("0.00", CultureInfo.InvariantCulture)}/s); the {rows.Min(r => r.Replies):N0} streaming rows last written by at most {rows.Max(r => r.Writers.Count)} at once", "1 per FlushInterval"));
            if (loadBefore is not null && loadAfter is not null)
            {
                // Each save rewrites every streaming row: the rows it updates are the streams, once per save.
                var updates = saves * (double)rows.Min(r => r.Replies) / windowSeconds;
                var wal = (loadAfter.WalBytes - loadBefore.WalBytes) / windowSeconds;
                var notified = (loadAfter.Notifications - loadBefore.Notifications) / windowSeconds;
                Rows.Add(($"{streams} streams, {seconds} s all streaming: what {database.DisplayName} sustains for this one instance: row updates / WAL written / notifications between instances, per second (the whole server's WAL); the app's connections (most seen)",
                    $"{updates.ToString("N0", CultureInfo.InvariantCulture)} / {Stats.Kb(wal)} ({Stats.Kb(updates > 0 ? wal / updates : 0)} per row update) / {notified.ToString("N0", CultureInfo.InvariantCulture)}; {connections}", ""));
            }
        }
    }

    /// <summary>Requests/s and latency of a 1,000-message conversation and the chat page of a person with 10,000 chats.</summary>
    private static async Task MeasurePagesAsync(AppProcess app, BenchDatabase database, AppClient client, Options options)
    {
        Guid longChat;
        await using (var db = database.OpenContext(app.DataFolder))
        {
            (longChat, _) = await Seeder.SeedAsync(db, options.Quick ? 2000 : 10_000, 1000);
        }
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

    /// <summary>
    /// The page of a project holding 10,000 chats (its first page and its last), and the project list beside 50 other
    /// projects, with the person's chat page (the same 10,500 chats) beside them for comparison. One request at a time,
    /// so each time is the server's work plus a loopback round trip; the pages take turns, so a busy moment of the
    /// machine falls on all of them alike.
    /// </summary>
    private static async Task MeasureProjectPagesAsync(AppProcess app, BenchDatabase database, AppClient client, Options options)
    {
        var chats = options.Quick ? 2000 : 10_000;
        Guid project;
        await using (var db = database.OpenContext(app.DataFolder))
        {
            project = await Seeder.SeedProjectAsync(db, chats, otherProjects: 50);
        }
        var count = chats.ToString("N0", CultureInfo.InvariantCulture);
        var pages = new[]
        {
            ($"Project page with {count} chats (first page)", $"/projects/{project}", "<= 30 ms median"),
            ($"Project page with {count} chats (last page)", $"/projects/{project}?page=100000", ""),
            ($"Project list: 51 projects, {count} chats in one", "/projects", ""),
            ($"Chat page of the same person (for comparison)", "/chat", ""),
        };
        var times = await TimeInTurnAsync(client, [.. pages.Select(p => p.Item2)], options.Samples ?? (options.Quick ? 50 : 200));
        foreach (var ((name, _, target), latencies) in pages.Zip(times))
        {
            Rows.Add(($"{name}: latency one request at a time, median / p99", $"{Stats.Ms(Stats.Percentile(latencies, 50))} / {Stats.Ms(Stats.Percentile(latencies, 99))}", target));
        }
    }

    /// <summary>
    /// The admin overview and usage pages over a year of usage by 1,000 people (1,000,000 usage rows, 100,000 with
    /// --quick), seeded straight into the database and rolled up as the hourly job does (its first run over the whole
    /// year, then an hourly run); one request at a time, the pages taking turns.
    /// </summary>
    private static async Task MeasureAdminPagesAsync(AppProcess app, BenchDatabase database, AppClient client, Options options)
    {
        var rows = options.Quick ? 100_000 : 1_000_000;
        var count = rows.ToString("N0", CultureInfo.InvariantCulture);
        var seeding = Stopwatch.StartNew();
        await using (var db = database.OpenContext(app.DataFolder))
        {
            await UsageSeeder.SeedAsync(db, people: 1000, rows);
            await UsageSeeder.AnalyzeAsync(db);
        }
        Console.Error.WriteLine($"Seeded {count} usage rows in {seeding.Elapsed.TotalSeconds:0} s.");
        foreach (var run in new[] { "first run, the whole year", "next (hourly) run" })
        {
            var rolling = Stopwatch.StartNew();
            await using (var db = database.OpenContext(app.DataFolder))
            {
                await UsageSeeder.RollUpAsync(db);
                await UsageSeeder.AnalyzeAsync(db);
            }
            Rows.Add(($"Usage rollup over {count} usage rows: {run}", $"{rolling.Elapsed.TotalSeconds:0.0} s", ""));
        }
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var pages = new[]
        {
            ("Admin overview", "/admin", "<= 100 ms median"),
            ("Usage page, last 30 days", "/admin/usage", "<= 100 ms median"),
            ("Usage page, a whole year", $"/admin/usage?from={today.AddDays(-364):yyyy-MM-dd}&to={today:yyyy-MM-dd}", ""),
            ("Performance page, last 30 days", "/admin/performance", ""),
        };
        var times = await TimeInTurnAsync(client, [.. pages.Select(p => p.Item2)], options.Samples ?? (options.Quick ? 20 : 60));
        foreach (var ((name, _, target), latencies) in pages.Zip(times))
        {
            Rows.Add(($"{name} ({count} usage rows, 1,000 people): latency one request at a time, median / p99", $"{Stats.Ms(Stats.Percentile(latencies, 50))} / {Stats.Ms(Stats.Percentile(latencies, 99))}", target));
        }
    }

    /// <summary>Each address requested <paramref name="samples"/> times, one request at a time, the addresses taking turns.</summary>
    private static async Task<List<double>[]> TimeInTurnAsync(AppClient client, string[] urls, int samples)
    {
        foreach (var url in urls)
        {
            for (var i = 0; i < 5; i++)
            {
                (await client.Http.GetAsync(url)).EnsureSuccessStatusCode(); // warm up
            }
        }
        var latencies = urls.Select(_ => new List<double>()).ToArray();
        for (var i = 0; i < samples; i++)
        {
            for (var u = 0; u < urls.Length; u++)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.Http.GetAsync(urls[u]);
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
                latencies[u].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
        return latencies;
    }

    /// The history of a person with 10,000 chats and 200,000 messages: the list, and searches for a word in 1 chat in
    /// 100, a word in half the messages of every chat, both together, and a word no chat holds. On an app and a
    /// database of their own, so the person has exactly these chats whatever else runs.
    /// </summary>
    private static async Task MeasureHistoryAsync(TokenServer model, Options options)
    {
        await using var database = await BenchDatabase.CreateForRunAsync(options.Database);
        await using var app = await AppProcess.StartAsync(options.AppDll, model.BaseUrl, database);
        using var client = new AppClient(app.Address);
        await client.LogInAsync();
        var chats = options.Quick ? 2000 : 10_000;
        var seeding = Stopwatch.StartNew();
        await HistorySeeder.SeedAsync(() => database.OpenContext(app.DataFolder), database is PostgresBenchDatabase, chats, messagesPerChat: 20);
        Console.Error.WriteLine($"History: {chats:N0} chats, {chats * 20:N0} messages seeded and indexed in {seeding.Elapsed.TotalSeconds:0} s");
        var of = $"{chats:N0} chats and {chats * 20:N0} messages";
        var pages = new[]
        {
            ($"History list of {chats:N0} chats", "/history", "<= 30 ms median"),
            ($"History search over {of}, a word in 1 chat in 100", "/history?q=okapi", "<= 50 ms median"),
            ($"History search over {of}, a word in half of all messages", "/history?q=plants", "<= 50 ms median"),
            ($"History search over {of}, both words", "/history?q=okapi+plants", "<= 50 ms median"),
            ($"History search over {of}, a word in none", "/history?q=thylacine", "<= 50 ms median"),
        };
        // One request at a time, the pages taking turns: the median is the server's time plus a loopback round trip.
        var times = await TimeInTurnAsync(client, [.. pages.Select(p => p.Item2)], options.Samples ?? (options.Quick ? 50 : 200));
        foreach (var ((name, _, target), latencies) in pages.Zip(times))
        {
            Rows.Add(($"{name}: latency one request at a time, median / p99", $"{Stats.Ms(Stats.Percentile(latencies, 50))} / {Stats.Ms(Stats.Percentile(latencies, 99))}", target));
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

    private sealed record Options(string AppDll, string PublishedAppDll, string Repo, int[] Streams, double Rate, bool Quick, string[] Only, int? Samples, double ThinkMs, double WindowSeconds, string Database)
    {
        /// <summary>Whether a part of the benchmark runs: all of them unless --only names some (latency,streams,pages,projects,history,admin,signin,api,memory,transfers,parser).</summary>
        public bool Runs(string part) => Only.Length == 0 || Only.Contains(part);

        public static Options Parse(string[] args)
        {
            string Value(string name, string fallback)
            {
                var i = Array.IndexOf(args, name);
                return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
            }
            var repo = Path.GetFullPath(Value("--repo", "."));
            var app = Path.GetFullPath(Value("--app", Path.Combine(repo, "LlmPages", "bin", "Release", "net10.0", "LlmPages.dll")));
            return new Options(
                app,
                Path.GetFullPath(Value("--published", Path.Combine(Path.GetDirectoryName(app)!, "publish", "LlmPages.dll"))),
                repo,
                [.. Value("--streams", "100,1000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))],
                double.Parse(Value("--rate", "20"), CultureInfo.InvariantCulture),
                args.Contains("--quick"),
                Value("--only", "").Split(',', StringSplitOptions.RemoveEmptyEntries),
                Value("--samples", "") is { Length: > 0 } samples ? int.Parse(samples, CultureInfo.InvariantCulture) : null,
                double.Parse(Value("--think", "200"), CultureInfo.InvariantCulture),
                double.Parse(Value("--window", args.Contains("--quick") ? "5" : "15"), CultureInfo.InvariantCulture),
                Value("--database", "sqlite"));
        }
    }
}

using System.Diagnostics;
using System.Globalization;

namespace LlmPages.Bench;

/// <summary>
/// LlmPages' resident memory as a small machine sees it, on a fresh app run as it ships (the published build, its
/// job server on, its own runtime settings): right after start, after twenty short chats, and over 100 streams at once
/// on each path a browser takes: plain form posts whose page streams the reply (no JavaScript), and htmx with the
/// reply's event stream. Each stream's share is the peak while all stream over the level just before they started.
/// Each figure is read after a few quiet seconds, as an idle server would be; nothing asks the app to collect garbage.
/// </summary>
public static class MemoryBench
{
    private const int Streams = 100;
    private const int ShortChats = 20;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    public static async Task<List<(string Measure, string Result, string Target)>> MeasureAsync(
        TokenServer model, string appDll, string databaseName, double rate, double windowSeconds)
    {
        await using var database = await BenchDatabase.CreateForRunAsync(databaseName);
        await using var app = await AppProcess.StartAsync(appDll, model.BaseUrl, database, asDeployed: true);
        Console.Error.WriteLine($"[bench] memory: app pid {app.ProcessId} ({appDll})");
        await Task.Delay(Settle);
        var started = app.ReadResidentMemory();
        var startedCharge = app.MemoryLimit?.Charged();
        ShowMappings(app, "right after start");

        using var client = new AppClient(app.Address);
        await client.LogInAsync();
        model.Tokens = 20;
        model.TokensPerSecond = 200;
        model.ThinkTime = TimeSpan.Zero;
        for (var i = 0; i < ShortChats; i++)
        {
            var url = await client.StartChatAsync($"Short chat {i}");
            var read = await client.ReadStreamAsync(url);
            if (read.Status != "Complete")
            {
                throw new InvalidOperationException($"Short chat {i} ended {read.Status ?? "without a final event"}.");
            }
        }
        await Task.Delay(Settle);
        var chatted = app.ReadResidentMemory();
        var chattedCharge = app.MemoryLimit?.Charged();
        ShowMappings(app, $"after {ShortChats} short chats");
        await DumpHeapAsync(app, "after-chats");

        var rows = new List<(string, string, string)>
        {
            ("Resident memory right after start (mapped files / runtime code and types / GC heap and the rest)", Resident(started, app), "<= 120 MB"),
            ($"Resident memory after {ShortChats} short chats (mapped files / runtime code and types / GC heap and the rest)", Resident(chatted, app), "<= 150 MB"),
        };
        rows.AddRange(await StreamsAsync(model, app, client, plain: true, rate, windowSeconds));
        await Task.Delay(Settle);
        rows.AddRange(await StreamsAsync(model, app, client, plain: false, rate, windowSeconds));
        if (app.MemoryLimit is { } limit)
        {
            // Reached only if the kernel never stopped the app: every stream above ended complete within the limit.
            rows.Add(($"In a memory control group limited to {Stats.Mb(limit.Bytes)} (BENCH_APP_MEMORY_LIMIT), on its own copy of the runtime: charged after start / after {ShortChats} short chats / at the highest, both stream runs included",
                $"{Stats.Mb(startedCharge ?? 0)} / {Stats.Mb(chattedCharge ?? 0)} / {Stats.Mb(limit.Peak() ?? 0)}", "100 streams on each path in 256 MB"));
        }
        return rows;
    }

    /// <summary>
    /// <see cref="Streams"/> new chats at once, the model holding every reply until all pages or event streams are
    /// open, then all released together and streaming for <paramref name="windowSeconds"/>; the peak is read ten times a
    /// second from the release on. Every stream must end complete.
    /// </summary>
    private static async Task<List<(string, string, string)>> StreamsAsync(
        TokenServer model, AppProcess app, AppClient client, bool plain, double rate, double windowSeconds)
    {
        using var ending = new CancellationTokenSource();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        model.EndlessUntil = ending.Token;
        model.HoldUntil = release.Task;
        model.TokensPerSecond = rate;
        var before = app.WorkingSet;
        ShowMappings(app, plain ? "before the plain streams" : "before the event streams");

        using var gate = new SemaphoreSlim(32);
        var opened = 0;
        var reads = Enumerable.Range(0, Streams).Select(async i =>
        {
            await gate.WaitAsync();
            if (plain)
            {
                // The page's headers come with its first flush, just before the reply: released once it is open.
                var pageRead = client.StartPlainChatAsync($"Plain stream {i}", () =>
                {
                    Interlocked.Increment(ref opened);
                    gate.Release();
                });
                return await pageRead;
            }
            string url;
            try
            {
                url = await client.StartChatAsync($"Event stream {i}");
            }
            finally
            {
                gate.Release();
            }
            return (await client.ReadStreamAsync(url, () => Interlocked.Increment(ref opened))).Status == "Complete";
        }).ToList();
        var whenAll = Task.WhenAll(reads);
        while ((Volatile.Read(ref opened) < Streams || model.Holding < Streams) && !whenAll.IsCompleted)
        {
            await Task.Delay(50);
        }
        var open = app.WorkingSet;
        ShowMappings(app, plain ? "with the plain streams open" : "with the event streams open");
        await DumpHeapAsync(app, plain ? "plain-streams-open" : "sse-streams-open");
        var peak = open;
        release.SetResult();
        var window = Stopwatch.StartNew();
        while (window.Elapsed.TotalSeconds < windowSeconds)
        {
            await Task.Delay(100);
            peak = Math.Max(peak, app.WorkingSet);
        }
        ShowMappings(app, plain ? "with the plain streams streaming" : "with the event streams streaming");
        model.HoldUntil = null;
        await ending.CancelAsync();
        var complete = (await whenAll).Count(c => c);
        model.EndlessUntil = null;

        var path = plain ? "without JavaScript (plain form posts, the page streams)" : "htmx and SSE";
        var perStream = (peak - before) / (double)Streams;
        return
        [
            ($"{Streams} streams {path} at {rate.ToString(CultureInfo.InvariantCulture)} tokens/s for {windowSeconds.ToString(CultureInfo.InvariantCulture)} s: complete; resident before / all open, waiting / peak streaming (per stream over before)",
                $"{complete} of {Streams}; {Stats.Mb(before)} / {Stats.Mb(open)} / {Stats.Mb(peak)} ({Stats.Kb(perStream)})",
                "all; <= 100 KB per stream; peak <= 256 MB"),
        ];
    }

    /// <summary>
    /// With <c>BENCH_SMAPS=1</c>, what the resident memory is made of, to standard error: each mapped file, the
    /// runtime's double-mapped code and loader heaps (<c>/memfd:doublemapper</c>), anonymous memory (the GC heap and
    /// the rest), the native heap; the largest first.
    /// </summary>
    private static void ShowMappings(AppProcess app, string when)
    {
        if (Environment.GetEnvironmentVariable("BENCH_SMAPS") != "1")
        {
            return;
        }
        var byName = new Dictionary<string, long>();
        var name = "";
        foreach (var line in File.ReadLines($"/proc/{app.ProcessId}/smaps"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 0 && fields[0].Contains('-', StringComparison.Ordinal) && !fields[0].EndsWith(':'))
            {
                name = fields.Length > 5 ? fields[5] : "[anonymous]";
            }
            else if (fields is ["Rss:", var kb, ..])
            {
                byName[name] = byName.GetValueOrDefault(name) + long.Parse(kb, CultureInfo.InvariantCulture);
            }
        }
        Console.Error.WriteLine($"[bench] resident memory {when}: {byName.Values.Sum() / 1024.0:0.0} MB, {Directory.GetDirectories($"/proc/{app.ProcessId}/task").Length} threads");
        foreach (var (mapping, kb) in byName.OrderByDescending(m => m.Value).Take(12))
        {
            Console.Error.WriteLine($"[bench]   {kb / 1024.0,7:0.0} MB  {mapping}");
        }
    }

    /// <summary>
    /// With <c>BENCH_GCDUMP=folder</c>, a dump of the app's managed heap (<c>dotnet-gcdump</c>, which must be installed)
    /// into that folder; read it with <c>dotnet-gcdump report FILE</c>. The dump collects garbage first, so the
    /// figures read after it are no longer those of an undisturbed run.
    /// </summary>
    private static async Task DumpHeapAsync(AppProcess app, string name)
    {
        if (Environment.GetEnvironmentVariable("BENCH_GCDUMP") is not { Length: > 0 } folder)
        {
            return;
        }
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{name}.gcdump");
        using var dump = Process.Start(new ProcessStartInfo("dotnet-gcdump", ["collect", "-p", app.ProcessId.ToString(CultureInfo.InvariantCulture), "-o", file])
        {
            RedirectStandardOutput = true,
        })!;
        await dump.StandardOutput.ReadToEndAsync();
        await dump.WaitForExitAsync();
        Console.Error.WriteLine($"[bench] heap dump: {file}");
    }

    private static string Resident(ResidentMemory? parts, AppProcess app) => parts is { } p
        ? $"{Stats.Mb(p.Total)} ({Stats.Mb(p.MappedFiles)} / {Stats.Mb(p.RuntimeCode)} / {Stats.Mb(p.Other)})"
        : Stats.Mb(app.WorkingSet);
}

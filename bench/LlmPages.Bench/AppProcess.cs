using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LlmPages.Bench;

/// <summary>
/// LlmPages built in Release, run as its own process (so its memory and CPU can be read), on a fresh data folder and
/// the run's database (<see cref="BenchDatabase"/>).
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    public const string AdminEmail = "bench@example.test";
    public const string AdminPassword = "correct horse battery staple";

    private readonly Process process;

    private AppProcess(Process process, Uri address, string dataFolder, MemoryLimit? memoryLimit)
    {
        this.process = process;
        MemoryLimit = memoryLimit;
        Address = address;
        DataFolder = dataFolder;
    }

    public Uri Address { get; }

    public int ProcessId => process.Id;

    public string DataFolder { get; }

    /// <summary>The memory control group the app runs in (<c>BENCH_APP_MEMORY_LIMIT</c>), if any.</summary>
    public MemoryLimit? MemoryLimit { get; }

    /// <param name="asDeployed">Run it as it ships, its job server on: for the memory part. Every part runs with the
    /// runtime settings of the app's own runtimeconfig (its garbage collector) unless <c>BENCH_GC_SERVER</c> or
    /// <c>BENCH_APP_DOTNET_*</c> ask otherwise.</param>
    public static async Task<AppProcess> StartAsync(string appDll, Uri modelBaseUrl, BenchDatabase database, bool asDeployed = false)
    {
        var port = FreePort();
        var dataFolder = Path.Combine(Path.GetTempPath(), "llmpages-bench", Guid.NewGuid().ToString("N"));
        var memoryLimit = asDeployed ? MemoryLimit.Prepare(appDll) : null;
        appDll = memoryLimit?.AppDll ?? appDll;
        var start = new ProcessStartInfo(memoryLimit is null ? "dotnet" : "/bin/sh",
            memoryLimit is null ? [appDll] : ["-c", memoryLimit.EnterAndExec, "sh", memoryLimit.Dotnet, appDll])
        {
            WorkingDirectory = Path.GetDirectoryName(appDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var env = start.Environment;
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["Logging__LogLevel__Default"] = "Warning";
        env["LlmPages__Data__DataFolder"] = dataFolder;
        env["LlmPages__Accounts__AdminEmail"] = AdminEmail;
        env["LlmPages__Accounts__AdminPassword"] = AdminPassword;
        env["LlmPages__Web__AuthAttemptsPerWindow"] = "100000";
        env["LlmPages__Web__MessagesPerWindow"] = "100000";
        env["LlmPages__Chat__MaxConcurrentGenerationsPerUser"] = "100000";
        env["LlmPages__Chat__MaxConcurrentApiCallsPerUser"] = "100000";
        if (!asDeployed)
        {
            env["LlmPages__Jobs__RunServer"] = "false";
        }
        // The concurrency runs hold every reply until all streams are open, which may take longer than a minute.
        env["LlmPages__Llm__FirstTokenTimeout"] = "00:05:00";
        if (Environment.GetEnvironmentVariable("BENCH_GC_SERVER") is { Length: > 0 } gcServer)
        {
            env["DOTNET_gcServer"] = gcServer;
        }

        env["LlmPages__Providers__0__Name"] = "Bench";
        env["LlmPages__Providers__0__BaseUrl"] = modelBaseUrl.ToString();
        env["LlmPages__Providers__0__Models__0__Id"] = "bench-model";
        env["LlmPages__Providers__0__Models__0__DisplayName"] = "Bench Model";
        env["LlmPages__Providers__0__Models__0__ContextWindow"] = "1000000";
        env["LlmPages__Providers__0__Models__0__Default"] = "true";
        foreach (var (name, value) in database.AppEnvironment(dataFolder))
        {
            env[name] = value;
        }
        // Settings from the benchmark's own environment win, e.g. Logging__LogLevel__Microsoft.AspNetCore=Information.
        // BENCH_GC_SERVER above and BENCH_APP_DOTNET_* below are for the app's runtime, not the benchmark's.
        foreach (var (name, value) in Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => ((string)e.Key, (string?)e.Value)))
        {
            if (name.StartsWith("LlmPages__", StringComparison.Ordinal) || name.StartsWith("Logging__", StringComparison.Ordinal))
            {
                env[name] = value;
            }
            else if (name.StartsWith("BENCH_APP_DOTNET_", StringComparison.Ordinal))
            {
                env[name["BENCH_APP_".Length..]] = value; // runtime settings for the app only, e.g. BENCH_APP_DOTNET_GCgen0size
            }
        }
        var showOutput = Environment.GetEnvironmentVariable("BENCH_APP_OUTPUT") == "1";
        var process = Process.Start(start)!;
        // The console log goes to standard output: its last lines tell why the app stopped, if it does while starting.
        var lastLines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            if (showOutput)
            {
                Console.Error.WriteLine($"[app] {e.Data}");
            }
            lastLines.Enqueue(e.Data);
            while (lastLines.Count > 40 && lastLines.TryDequeue(out string? _))
            {
            }
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[app] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{port}"), dataFolder, memoryLimit);
        try
        {
            await app.WaitUntilHealthyAsync();
        }
        catch (Exception)
        {
            if (!showOutput)
            {
                foreach (var line in lastLines)
                {
                    Console.Error.WriteLine($"[app] {line}");
                }
            }
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    /// <summary>The server's resident memory in bytes.</summary>
    public long WorkingSet
    {
        get
        {
            process.Refresh();
            return process.WorkingSet64;
        }
    }

    /// <summary>
    /// The server's resident memory by kind, from <c>/proc/PID/smaps</c>: mapped files (the runtime's and the app's
    /// assemblies and native libraries: clean pages, shared with other processes that map them), the runtime's code
    /// and type data (<c>/memfd:doublemapper</c>: JIT-compiled code, stubs and loader heaps, mapped twice for W^X), and
    /// the rest (the GC heap, native allocations, stacks); null where it cannot be read (not Linux).
    /// </summary>
    public ResidentMemory? ReadResidentMemory()
    {
        long files = 0, code = 0, other = 0;
        var kind = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{process.Id}/smaps"))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields is ["Rss:", var kb, ..])
                {
                    var bytes = long.Parse(kb, System.Globalization.CultureInfo.InvariantCulture) * 1024;
                    _ = kind switch { 1 => files += bytes, 2 => code += bytes, _ => other += bytes };
                }
                else if (fields.Length > 0 && fields[0].Contains('-', StringComparison.Ordinal) && !fields[0].EndsWith(':'))
                {
                    kind = fields.Length <= 5 ? 0 : fields[5].StartsWith("/memfd:doublemapper", StringComparison.Ordinal) ? 2 : fields[5].StartsWith('/') ? 1 : 0;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return new ResidentMemory(files + code + other, files, code, other);
    }

    public TimeSpan CpuTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"LlmPages stopped while starting (exit code {process.ExitCode}); its last words are above.");
            }
            try
            {
                if ((await http.GetAsync(new Uri(Address, "/healthz"))).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("LlmPages did not become healthy within 60 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        MemoryLimit?.Remove();
        if (Environment.GetEnvironmentVariable("BENCH_KEEP_DATA") == "1")
        {
            Console.Error.WriteLine($"Kept the app's data folder: {DataFolder}");
            return;
        }
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Resident memory by kind (bytes): see <see cref="AppProcess.ReadResidentMemory"/>.</summary>
public sealed record ResidentMemory(long Total, long MappedFiles, long RuntimeCode, long Other);

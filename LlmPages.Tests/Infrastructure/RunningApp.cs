using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace LlmPages.Tests.Infrastructure;

/// <summary>
/// The app serving as an operator runs it, in its own process (<c>dotnet LlmPages.dll</c> from the tests' output
/// folder, or a published folder), on a port of its own choosing on loopback, until the test stops or kills it.
/// </summary>
public sealed partial class RunningApp : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RunningApp(Process process) => this.process = process;

    /// <summary>Where the app listens (<c>http://127.0.0.1:port</c>).</summary>
    public Uri Address { get; private set; } = null!;

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Everything the app wrote so far, for failure messages.</summary>
    public string Output => string.Join('\n', output);

    /// <summary>Starts the app and waits until it listens (at most two minutes: start-up migrates the database).</summary>
    /// <param name="folder">The folder holding <c>LlmPages.dll</c>: the tests' output folder unless a published one.</param>
    /// <param name="configure">Changes to the process before it starts (another user, say).</param>
    public static async Task<RunningApp> StartAsync(
        IReadOnlyDictionary<string, string> environment, string? folder = null, Action<ProcessStartInfo>? configure = null)
    {
        folder ??= AppContext.BaseDirectory;
        var start = new ProcessStartInfo("dotnet", [Path.Combine(folder, "LlmPages.dll"), "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Plain lines, so "Now listening on" is found whatever the console's width.
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        configure?.Invoke(start);
        var app = new RunningApp(Process.Start(start)!);
        app.process.OutputDataReceived += (_, e) => app.Read(e.Data);
        app.process.ErrorDataReceived += (_, e) => app.Read(e.Data);
        app.process.BeginOutputReadLine();
        app.process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var exited = app.process.WaitForExitAsync(deadline.Token);
        var first = await Task.WhenAny(app.listening.Task, exited);
        if (first != app.listening.Task)
        {
            await app.DisposeAsync();
            throw new InvalidOperationException("The app did not start listening:\n" + app.Output);
        }
        app.Address = await app.listening.Task;
        return app;
    }

    /// <summary>SIGKILL: the process ends at once, as when a machine dies; nothing is saved.</summary>
    public void Kill() => process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM, as <c>docker stop</c> and fly.io send; waits (at most <paramref name="timeout"/>) for the app to exit.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var deadline = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(deadline.Token);
        return process.ExitCode;
    }

    private void Read(string? line)
    {
        if (line is null)
        {
            return;
        }
        output.Enqueue(line);
        if (Listening().Match(line) is { Success: true } match)
        {
            listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex Listening();

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}

using System.Diagnostics;

namespace LlmPages.Tests.Infrastructure;

/// <summary>
/// The app as an operator runs it: its own process (<c>dotnet LlmPages.dll ...</c>, from the tests' output folder),
/// with its environment variables, to its end.
/// </summary>
public static class AppProcess
{
    /// <summary>Runs the app with <paramref name="arguments"/> until it exits (at most two minutes); returns its exit code and everything it wrote.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var folder = AppContext.BaseDirectory;
        var start = new ProcessStartInfo("dotnet", [Path.Combine(folder, "LlmPages.dll"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The app did not stop by itself:\n" + await output + await error);
        }
        return (process.ExitCode, await output, await error);
    }
}

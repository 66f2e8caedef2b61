using System.Diagnostics;

namespace LlmPages.Tests.Data;

/// <summary>
/// The app as an operator starts it (its own process, `dotnet LlmPages.dll`): a setting that cannot work stops it
/// with a plain message naming the setting and exit code 1, never a stack trace.
/// </summary>
public sealed class StartUpProcessTests
{
    [Theory]
    [InlineData("LlmPages__Database__ConnectionString", "Host=;Database=llmpages", "LlmPages:Database:ConnectionString")]
    [InlineData("LlmPages__Database__StartupTimeout", "99:00:00", "LlmPages:Database:StartupTimeout")]
    public async Task ABadDatabaseSettingStopsTheAppWithAPlainMessage(string variable, string value, string named)
    {
        var (exitCode, output) = await RunAppAsync(new()
        {
            ["LlmPages__Database__Provider"] = "Postgres",
            ["LlmPages__Database__ConnectionString"] = "Host=127.0.0.1;Database=llmpages",
            [variable] = value,
        });

        Assert.Equal(1, exitCode);
        Assert.Contains("LlmPages cannot start.", output, StringComparison.Ordinal);
        Assert.Contains(named, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APostgresServerThatNeverAnswersStopsTheAppWithAPlainMessageAfterTheWait()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (exitCode, output) = await RunAppAsync(new()
        {
            ["LlmPages__Database__Provider"] = "Postgres",
            ["LlmPages__Database__ConnectionString"] = $"Host=127.0.0.1;Port={port};Database=llmpages;Username=app",
            ["LlmPages__Database__StartupTimeout"] = "00:00:02",
        });

        Assert.Equal(1, exitCode);
        Assert.Contains("LlmPages:Database:StartupTimeout", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAppAsync(Dictionary<string, string> environment)
    {
        var folder = AppContext.BaseDirectory;
        var data = Directory.CreateTempSubdirectory("llmpages-start-").FullName;
        var start = new ProcessStartInfo("dotnet", [Path.Combine(folder, "LlmPages.dll"), "--contentRoot", folder, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        start.Environment["LlmPages__Data__DataFolder"] = data;
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
        finally
        {
            Directory.Delete(data, recursive: true);
        }
        return (process.ExitCode, await output + await error);
    }
}

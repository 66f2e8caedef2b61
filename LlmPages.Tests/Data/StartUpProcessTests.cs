using LlmPages.Tests.Infrastructure;

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
    [InlineData("LlmPages__DataProtection__CertificatePath", "/nowhere/llmpages-keys.pfx", "LlmPages:DataProtection:CertificatePath")]
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
    public async Task SeveralWrongSettingsAreAllNamedInOnePlainMessage()
    {
        var (exitCode, output) = await RunAppAsync(new()
        {
            ["LlmPages__Database__Provider"] = "Postgres",
            ["LlmPages__Database__ConnectionString"] = "Host=;Database=llmpages",
            ["LlmPages__DataProtection__CertificatePath"] = "/nowhere/llmpages-keys.pfx",
        });

        Assert.Equal(1, exitCode);
        Assert.Contains("LlmPages:Database:ConnectionString", output, StringComparison.Ordinal);
        Assert.Contains("LlmPages:DataProtection:CertificatePath", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
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
        var data = Directory.CreateTempSubdirectory("llmpages-start-").FullName;
        try
        {
            var (exitCode, output, error) = await AppProcess.RunAsync(
                ["--contentRoot", AppContext.BaseDirectory, "--urls", "http://127.0.0.1:0"],
                new Dictionary<string, string>
                {
                    ["LlmPages__Data__DataFolder"] = data,
                    // PostgreSQL needs the key ring's certificate; the tests that want it wrong say so.
                    ["LlmPages__DataProtection__CertificatePath"] = TestCertificates.Shared.Path,
                    ["LlmPages__DataProtection__CertificatePassword"] = TestCertificates.Shared.Password,
                }.Concat(environment).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Last().Value));
            return (exitCode, output + error);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}

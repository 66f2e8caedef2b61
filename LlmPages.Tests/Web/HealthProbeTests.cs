using LlmPages.Tests.Infrastructure;

namespace LlmPages.Tests.Web;

/// <summary>
/// <c>dotnet LlmPages.dll --health-probe [URL]</c>, the container's HEALTHCHECK (the image has no curl): 0 when the
/// app answers healthy, 1 when it answers unhealthy or not at all; it starts no web host of its own.
/// </summary>
public sealed class HealthProbeTests : IDisposable
{
    private readonly AppFactory app = new();

    [Fact]
    public async Task TheProbeExitsWithZeroWhenTheAppIsHealthy()
    {
        app.UseKestrel(0);
        app.StartServer();

        var (exitCode, output, _) = await ProbeAsync(["--health-probe", new Uri(app.ServerAddress, "/healthz").ToString()]);

        Assert.Equal(0, exitCode);
        Assert.Contains("200 Healthy", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAnAddressTheProbeAsksTheAppsOwnPortOnLoopback()
    {
        app.UseKestrel(0);
        app.StartServer();

        var (exitCode, output, _) = await ProbeAsync(["--health-probe"], new() { ["ASPNETCORE_HTTP_PORTS"] = app.ServerAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(0, exitCode);
        Assert.Contains($"http://127.0.0.1:{app.ServerAddress.Port}/healthz", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheProbeExitsWithOneWhenTheDatabaseIsUnreachable()
    {
        app.UseKestrel(0);
        app.StartServer();
        DatabaseBreaker.Break(app);

        var (exitCode, output, _) = await ProbeAsync(["--health-probe", new Uri(app.ServerAddress, "/healthz").ToString()]);

        Assert.Equal(1, exitCode);
        Assert.Contains("503 Unhealthy", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheProbeExitsWithOneWhenNothingListens()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (exitCode, output, _) = await ProbeAsync(["--health-probe", $"http://127.0.0.1:{port}/healthz"]);

        Assert.Equal(1, exitCode);
        Assert.Contains("no answer", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAddressThatIsNotHttpIsRefusedPlainly()
    {
        var (exitCode, _, error) = await ProbeAsync(["--health-probe", "file:///etc/passwd"]);

        Assert.Equal(1, exitCode);
        Assert.Contains("is not an http(s) address", error, StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Output, string Error)> ProbeAsync(string[] arguments, Dictionary<string, string>? environment = null) =>
        AppProcess.RunAsync(arguments, environment ?? []);

    public void Dispose() => app.Dispose();
}

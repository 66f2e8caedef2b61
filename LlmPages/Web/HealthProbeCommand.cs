namespace LlmPages.Web;

/// <summary>
/// <c>--health-probe [URL]</c>: asks a running LlmPages for <c>GET /healthz</c> and exits 0 when it answers healthy,
/// 1 otherwise. It is the container's <c>HEALTHCHECK</c>: the runtime image has no shell and no curl, only the app, so
/// the app probes itself. No web host, configuration or database is started; it only reads the port from
/// <c>ASPNETCORE_HTTP_PORTS</c>, as the container sets it.
/// <code>
/// dotnet LlmPages.dll --health-probe                              http://127.0.0.1:{first of ASPNETCORE_HTTP_PORTS, else 8080}/healthz
/// dotnet LlmPages.dll --health-probe http://10.0.0.2:8080/healthz
/// </code>
/// </summary>
public static class HealthProbeCommand
{
    public const string Name = "--health-probe";

    /// <summary>Well within Docker's default health-check timeout (30 s) and fly.io's check timeouts.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static bool IsRequested(string[] args) => args is [Name, ..];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [_] and not [_, _])
        {
            await Console.Error.WriteLineAsync($"Usage: {Name} [URL]  (default: {DefaultUrl()})");
            return 1;
        }
        var url = args is [_, var given] ? given : DefaultUrl();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            await Console.Error.WriteLineAsync($"{Name}: '{url}' is not an http(s) address.");
            return 1;
        }
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false }) { Timeout = Timeout };
        try
        {
            using var response = await http.GetAsync(address);
            var body = await response.Content.ReadAsStringAsync();
            var healthy = response.IsSuccessStatusCode && body.StartsWith("Healthy", StringComparison.Ordinal);
            await Console.Out.WriteLineAsync($"{address}: {(int)response.StatusCode} {FirstLine(body)}");
            return healthy ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await Console.Out.WriteLineAsync($"{address}: no answer ({(e is TaskCanceledException ? $"none within {Timeout.TotalSeconds:0} s" : e.Message)})");
            return 1;
        }
    }

    /// <summary>The app's own port on loopback: the first of <c>ASPNETCORE_HTTP_PORTS</c> (8080 in the container).</summary>
    private static string DefaultUrl()
    {
        var ports = Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS");
        var port = ports?.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "8080";
        return $"http://127.0.0.1:{port}/healthz";
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length > 80 ? line[..80] : line;
    }
}

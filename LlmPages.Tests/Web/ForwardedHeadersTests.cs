using System.Net;
using LlmPages.Tests.Infrastructure;
using LlmPages.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LlmPages.Tests.Web;

/// <summary>
/// The client address the rate limits count by comes from a proxy's header only when the request came from a
/// proxy the operator trusts: anyone else's <c>X-Forwarded-For</c> is ignored. Over real Kestrel, where requests
/// come from 127.0.0.1.
/// </summary>
public sealed class ForwardedHeadersTests : IDisposable
{
    private readonly AppFactory app = new();
    private bool started;

    public ForwardedHeadersTests()
    {
        app.Settings["LlmPages:Web:AuthAttemptsPerWindow"] = "2";
        app.Settings["LlmPages:Web:TrustForwardedHeaders"] = "true";
    }

    [Fact]
    public async Task AForgedForwardedForFromAnUntrustedAddressDoesNotChangeTheRateLimitPartition()
    {
        app.Settings["LlmPages:Web:KnownProxies:0"] = "192.0.2.10";

        var statuses = await AttemptsAsync("X-Forwarded-For");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task ATrustedProxysForwardedForNamesTheClientTheLimitCounts()
    {
        app.Settings["LlmPages:Web:KnownNetworks:0"] = "127.0.0.0/8";

        var statuses = await AttemptsAsync("X-Forwarded-For");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task WithNoProxyNamedOnlyAProxyOnTheSameMachineIsTrusted()
    {
        var statuses = await AttemptsAsync("X-Forwarded-For");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task WithoutTrustForwardedHeadersNoHeaderCounts()
    {
        app.Settings["LlmPages:Web:TrustForwardedHeaders"] = "false";

        var statuses = await AttemptsAsync("X-Forwarded-For");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task OnFlyTheClientIpHeaderNamesTheClientAndForwardedForIsIgnored()
    {
        app.Settings["LlmPages:Web:ClientIpHeader"] = "Fly-Client-IP";

        var forged = await AttemptsAsync("X-Forwarded-For", "198.51.100.");
        var fly = await AttemptsAsync("Fly-Client-IP", "203.0.113.");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], forged);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], fly);
    }

    [Theory]
    [InlineData("LlmPages:Web:KnownNetworks:0", "10.0.0.0/33", "LlmPages:Web:KnownNetworks")]
    [InlineData("LlmPages:Web:KnownNetworks:0", "proxy.internal", "LlmPages:Web:KnownNetworks")]
    [InlineData("LlmPages:Web:KnownProxies:0", "10.0.0.0/8", "LlmPages:Web:KnownProxies")]
    [InlineData("LlmPages:Web:ClientIpHeader", "Fly Client IP", "LlmPages:Web:ClientIpHeader")]
    public async Task AWrongProxySettingStopsTheAppWithAMessageNamingIt(string key, string value, string named)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new()
        {
            ["LlmPages:Web:TrustForwardedHeaders"] = "true",
            [key] = value,
        }));

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
        Assert.Contains(value, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NamingProxiesWithoutTrustingForwardedHeadersStopsTheApp()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new()
        {
            ["LlmPages:Web:KnownProxies:0"] = "10.0.0.2",
        }));

        Assert.Contains("LlmPages:Web:TrustForwardedHeaders", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>Three failed sign-ins, each with <paramref name="header"/> naming a different client.</summary>
    private async Task<List<HttpStatusCode>> AttemptsAsync(string header, string prefix = "203.0.113.")
    {
        EnsureStarted();
        using var client = app.CreateHtmlClient(app.ServerAddress);
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            client.Http.DefaultRequestHeaders.Remove(header);
            client.Http.DefaultRequestHeaders.Add(header, prefix + attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
            statuses.Add((await client.LoginAsync(Infrastructure.Accounts.NewEmail(), "wrong password")).Status);
        }
        return statuses;
    }

    /// <summary>Real sockets, so the app sees a peer address (127.0.0.1), as behind a proxy on the same machine.</summary>
    private void EnsureStarted()
    {
        if (!started)
        {
            app.UseKestrel(0);
            app.StartServer();
            started = true;
        }
    }

    private static async Task StartAsync(Dictionary<string, string?> settings)
    {
        using var host = Build(settings);
        await host.StartAsync();
        await host.StopAsync();
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddWebShell();
        return builder.Build();
    }

    public void Dispose() => app.Dispose();
}

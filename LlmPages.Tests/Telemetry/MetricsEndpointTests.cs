using System.Net;
using System.Net.Http.Headers;
using LlmPages.Tests.Chat;

namespace LlmPages.Tests.Telemetry;

/// <summary>
/// The Prometheus endpoint: absent unless a token is configured, and then only for a scraper that sends that token.
/// </summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task MetricsAreNotServedWhenNoTokenIsConfigured()
    {
        await using var chat = await ChatApp.StartAsync();
        using var http = chat.App.CreateClient();

        using var response = await http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-the-token-at-all-0123456789")]
    [InlineData("Bearer " + MetricsScrape.Token + "x")]
    [InlineData("Basic " + MetricsScrape.Token)]
    [InlineData("Bearer ")]
    public async Task MetricsAreRefusedWithoutTheToken(string? authorization)
    {
        await using var chat = await ChatApp.StartAsync(MetricsScrape.Settings(MetricsScrape.NewModelName()));
        using var http = chat.App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.DoesNotContain("llmpages", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetricsAreServedInPrometheusFormatWithTheToken()
    {
        await using var chat = await ChatApp.StartAsync(MetricsScrape.Settings(MetricsScrape.NewModelName()));
        using var http = chat.App.CreateClient();
        (await http.GetAsync("/account/login")).Dispose();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", MetricsScrape.Token);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var scrape = new MetricsScrape(await response.Content.ReadAsStringAsync());
        Assert.Contains("http_server_request_duration_seconds_count", scrape.Names());
    }
}

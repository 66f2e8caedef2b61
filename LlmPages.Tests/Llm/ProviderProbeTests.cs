using System.Net;
using System.Net.Sockets;
using LlmPages.Data.Entities;
using LlmPages.Llm;
using LlmPages.Tests.Infrastructure.FakeModels;

namespace LlmPages.Tests.Llm;

[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
public sealed class ProviderProbeTests : IDisposable
{
    private const string Key = "sk-secret-key-0123456789abcdef";

    private readonly LlmServices services = new();

    [Theory]
    [MemberData(nameof(LlmServices.Kinds), MemberType = typeof(LlmServices))]
    public async Task TestingAConnectionSucceedsWithTheLatencyAndTheNumberOfModels(ProviderKind kind)
    {
        await using var server = await LlmServices.StartFakeAsync(kind);
        server.Script.ExpectedApiKey = Key;
        server.Script.Models = [new("model-a", "Model A"), new("model-b", "Model B"), new("model-c", "Model C")];
        server.Script.FirstTokenDelay = TimeSpan.FromMilliseconds(50);

        var result = await services.Probe.TestConnectionAsync(LlmServices.Connection(kind, server, Key), default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Null(result.Error);
        Assert.Equal(3, result.ModelCount);
        Assert.InRange(result.LatencyMs, 50, 5000);
    }

    [Theory]
    [MemberData(nameof(LlmServices.Kinds), MemberType = typeof(LlmServices))]
    public async Task AWrongKeyIsReportedAsRefused(ProviderKind kind)
    {
        await using var server = await LlmServices.StartFakeAsync(kind);
        server.Script.ExpectedApiKey = "the-right-key-0123456789";

        var error = await FailAsync(LlmServices.Connection(kind, server, Key));

        Assert.Equal(ProviderErrorKind.WrongKey, error.Kind);
        Assert.Equal("The server refused the API key. Check that it is right and has not been revoked.", error.Message);
    }

    [Fact]
    public async Task AMissingKeyIsReportedAsMissing()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Script.ExpectedApiKey = "the-right-key-0123456789";

        var error = await FailAsync(LlmServices.Connection(ProviderKind.OpenAiCompatible, server, apiKey: null));

        Assert.Equal(ProviderErrorKind.WrongKey, error.Kind);
        Assert.Equal("The server asks for an API key. Add one to this provider.", error.Message);
    }

    [Fact]
    public async Task AnAddressWhereNothingAnswersSuggestsCheckingTheBaseUrl()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        // The admin forgot the /v1: the server has no /models.
        var connection = new ProviderConnection(ProviderKind.OpenAiCompatible, server.Root, Key);

        var error = await FailAsync(connection);

        Assert.Equal(ProviderErrorKind.BadResponse, error.Kind);
        Assert.Equal("Nothing answers at this address. Check the base URL (OpenAI-compatible servers usually end in /v1).", error.Message);
    }

    [Theory]
    [MemberData(nameof(LlmServices.Kinds), MemberType = typeof(LlmServices))]
    public async Task RateLimitingIsReportedWithTheTimeToWait(ProviderKind kind)
    {
        await using var server = await LlmServices.StartFakeAsync(kind);
        server.Script.FailWithStatus = 429;
        server.Script.RetryAfter = TimeSpan.FromSeconds(17);

        var error = await FailAsync(LlmServices.Connection(kind, server, Key));

        Assert.Equal(ProviderErrorKind.RateLimited, error.Kind);
        Assert.Equal("The server is rate limiting requests. Try again in 17 seconds.", error.Message);
        Assert.Equal(TimeSpan.FromSeconds(17), error.RetryAfter);
    }

    [Theory]
    [MemberData(nameof(LlmServices.Kinds), MemberType = typeof(LlmServices))]
    public async Task AServerErrorIsReportedWithItsStatusAndTheServersWords(ProviderKind kind)
    {
        await using var server = await LlmServices.StartFakeAsync(kind);
        server.Script.FailWithStatus = 503;
        server.Script.ErrorMessage = "Backend pool exhausted";

        var error = await FailAsync(LlmServices.Connection(kind, server, Key));

        Assert.Equal(ProviderErrorKind.ServerError, error.Kind);
        Assert.Equal("The server answered 503 Service Unavailable: “Backend pool exhausted”.", error.Message);
    }

    [Theory]
    [MemberData(nameof(LlmServices.Kinds), MemberType = typeof(LlmServices))]
    public async Task APortWhereNothingListensIsReportedAsConnectionRefused(ProviderKind kind)
    {
        var port = FreePort();
        var connection = new ProviderConnection(kind, new Uri($"http://127.0.0.1:{port}/v1"), Key);

        var error = await FailAsync(connection);

        Assert.Equal(ProviderErrorKind.ConnectionRefused, error.Kind);
        Assert.Equal($"Nothing is listening at 127.0.0.1:{port}. Is the model server running?", error.Message);
    }

    [Theory]
    [MemberData(nameof(LlmServices.Kinds), MemberType = typeof(LlmServices))]
    public async Task AHostNameThatDoesNotExistIsReportedAsSuch(ProviderKind kind)
    {
        var connection = new ProviderConnection(kind, new Uri("http://no-such-host.invalid/v1"), Key);

        var error = await FailAsync(connection);

        Assert.Equal(ProviderErrorKind.DnsFailure, error.Kind);
        Assert.Equal("The host name “no-such-host.invalid” could not be found.", error.Message);
    }

    [Theory]
    [MemberData(nameof(LlmServices.Kinds), MemberType = typeof(LlmServices))]
    public async Task AnUntrustedCertificateIsReportedAsATlsFailure(ProviderKind kind)
    {
        await using var server = await LlmServices.StartFakeAsync(kind, https: true);
        Assert.Equal("https", server.BaseUrl.Scheme);

        var error = await FailAsync(LlmServices.Connection(kind, server, Key));

        Assert.Equal(ProviderErrorKind.TlsFailure, error.Kind);
        Assert.Equal("The secure connection failed: the server's certificate is not trusted or does not match.", error.Message);
    }

    [Fact]
    public async Task HttpsToAPlainHttpServerIsReportedAsATlsFailure()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var connection = new ProviderConnection(ProviderKind.OpenAiCompatible, new UriBuilder(server.BaseUrl) { Scheme = "https" }.Uri, Key);

        var error = await FailAsync(connection);

        Assert.True(error.Kind == ProviderErrorKind.TlsFailure, error.Message);
        Assert.StartsWith("The secure connection failed", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(LlmServices.Kinds), MemberType = typeof(LlmServices))]
    public async Task AServerThatStallsIsReportedAsATimeout(ProviderKind kind)
    {
        await using var server = await LlmServices.StartFakeAsync(kind);
        server.Script.FirstTokenDelay = FakeScript.Forever;
        using var impatient = new LlmServices(requestTimeout: TimeSpan.FromMilliseconds(300));

        var result = await impatient.Probe.TestConnectionAsync(LlmServices.Connection(kind, server, Key), default);

        Assert.False(result.Succeeded);
        Assert.Equal(ProviderErrorKind.Timeout, result.Error!.Kind);
        Assert.Equal("The server did not answer within 0.3 seconds.", result.Error.Message);
        Assert.InRange(result.LatencyMs, 250, 5000);
    }

    [Theory]
    [MemberData(nameof(LlmServices.Kinds), MemberType = typeof(LlmServices))]
    public async Task DiscoveryListsTheServersModels(ProviderKind kind)
    {
        await using var server = await LlmServices.StartFakeAsync(kind);
        server.Script.Models = [new("alpha-1", "Alpha One", 32_768), new("beta-2", "Beta Two")];

        var result = await services.Probe.DiscoverModelsAsync(LlmServices.Connection(kind, server), default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(["alpha-1", "beta-2"], result.Models.Select(m => m.WireModelId));
        // Anthropic lists display names; Ollama has only the tag; OpenRouter-style servers send a name too.
        var expectedNames = kind == ProviderKind.Ollama ? new[] { "alpha-1", "beta-2" } : ["Alpha One", "Beta Two"];
        Assert.Equal(expectedNames, result.Models.Select(m => m.DisplayName));
        if (kind == ProviderKind.OpenAiCompatible)
        {
            Assert.Equal(32_768, result.Models[0].ContextWindow);
            Assert.Null(result.Models[1].ContextWindow);
        }
    }

    [Fact]
    public async Task DiscoveryFailuresAreExplainedToo()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        server.Script.ExpectedApiKey = "the-right-key-0123456789";

        var result = await services.Probe.DiscoverModelsAsync(LlmServices.Connection(ProviderKind.Anthropic, server, Key), default);

        Assert.False(result.Succeeded);
        Assert.Empty(result.Models);
        Assert.Equal(ProviderErrorKind.WrongKey, result.Error!.Kind);
    }

    [Fact]
    public async Task TheProbeSendsEachProtocolsCredentials()
    {
        await using var openAi = await FakeOpenAiServer.StartAsync();
        await using var anthropic = await FakeAnthropicServer.StartAsync();

        await services.Probe.TestConnectionAsync(LlmServices.Connection(ProviderKind.OpenAiCompatible, openAi, Key), default);
        await services.Probe.TestConnectionAsync(LlmServices.Connection(ProviderKind.Anthropic, anthropic, Key), default);

        Assert.Equal($"Bearer {Key}", openAi.LastRequest("/v1/models").Header("Authorization"));
        var request = anthropic.Requests.Single();
        Assert.Equal(Key, request.Header("x-api-key"));
        Assert.Equal("2023-06-01", request.Header("anthropic-version"));
    }

    /// <summary>Runs "Test connection", expects it to fail, and checks the key is nowhere in the explanation.</summary>
    private async Task<ProviderError> FailAsync(ProviderConnection connection)
    {
        var result = await services.Probe.TestConnectionAsync(connection, default);
        Assert.False(result.Succeeded);
        Assert.NotNull(result.Error);
        Assert.DoesNotContain(Key, result.Error.Message, StringComparison.Ordinal);
        return result.Error;
    }

    /// <summary>A port nothing listens on: bound by us a moment ago, then released.</summary>
    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose() => services.Dispose();
}

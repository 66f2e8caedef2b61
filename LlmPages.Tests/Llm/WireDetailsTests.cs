using LlmPages.Data.Entities;
using LlmPages.Llm;
using LlmPages.Tests.Infrastructure.FakeModels;
using Microsoft.Extensions.AI;

namespace LlmPages.Tests.Llm;

/// <summary>What goes over the wire beyond the messages: limits, usage requests, keys.</summary>
[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
public sealed class WireDetailsTests : IDisposable
{
    private readonly LlmServices services = new();

    private static readonly ChatMessage[] Question = [new(ChatRole.User, "Say hello")];

    [Fact]
    public async Task AnOpenAiCompatibleRequestCarriesTheReplyLimitAsBothMaxTokensAndMaxCompletionTokens()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var client = services.ClientFor(ProviderKind.OpenAiCompatible, server);

        await client.GetResponseAsync(Question, new ChatOptions { MaxOutputTokens = 123 });
        await foreach (var _ in client.GetStreamingResponseAsync(Question, new ChatOptions { MaxOutputTokens = 45 }))
        {
        }

        var requests = server.Requests.Where(r => r.Path == "/v1/chat/completions").ToList();
        Assert.Equal(123, requests[0].Body!["max_tokens"]!.GetValue<int>());
        Assert.Equal(123, requests[0].Body!["max_completion_tokens"]!.GetValue<int>());
        Assert.Equal(45, requests[1].Body!["max_tokens"]!.GetValue<int>());
        Assert.Equal(45, requests[1].Body!["max_completion_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task AnOpenAiCompatibleRequestWithoutALimitCarriesNeither()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var client = services.ClientFor(ProviderKind.OpenAiCompatible, server);

        await client.GetResponseAsync(Question);

        var body = server.LastRequest("/chat/completions").Body!.AsObject();
        Assert.False(body.ContainsKey("max_tokens"));
        Assert.False(body.ContainsKey("max_completion_tokens"));
    }

    [Theory]
    [InlineData("https://api.openai.com/v1", false)]
    [InlineData("https://my-resource.openai.azure.com/openai/v1", false)]
    [InlineData("https://openrouter.ai/api/v1", true)]
    [InlineData("http://localhost:8080/v1", true)]
    public void OpenAiItselfIsNotSentMaxTokensBecauseItsReasoningModelsRefuseIt(string baseUrl, bool sent) =>
        Assert.Equal(sent, OpenAiCompatibilityPolicy.WantsMaxTokens(new Uri(baseUrl)));

    [Fact]
    public async Task AStreamedOpenAiCompatibleRequestAsksForUsage()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var client = services.ClientFor(ProviderKind.OpenAiCompatible, server);

        await foreach (var _ in client.GetStreamingResponseAsync(Question))
        {
        }

        var body = server.LastRequest("/chat/completions").Body!;
        Assert.True(body["stream"]!.GetValue<bool>());
        Assert.True(body["stream_options"]!["include_usage"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AnOpenAiCompatibleServerGetsTheKeyAsABearerToken()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Script.ExpectedApiKey = "sk-test-1234567890";
        var client = services.ClientFor(ProviderKind.OpenAiCompatible, server, apiKey: "sk-test-1234567890");

        var response = await client.GetResponseAsync(Question);

        Assert.Equal("Hello, world!", response.Text);
        Assert.Equal("Bearer sk-test-1234567890", server.LastRequest("/chat/completions").Header("Authorization"));
    }

    [Theory]
    [MemberData(nameof(LlmServices.Kinds), MemberType = typeof(LlmServices))]
    public async Task AProviderWithoutAKeySendsNoCredentialAtAll(ProviderKind kind)
    {
        await using var server = await LlmServices.StartFakeAsync(kind);
        var client = services.ClientFor(kind, server, apiKey: null);

        await client.GetResponseAsync(Question);

        var request = server.Requests.Single(r => r.Method == "POST");
        Assert.Null(request.Header("Authorization"));
        Assert.Null(request.Header("x-api-key"));
    }

    [Fact]
    public async Task AnthropicGetsTheKeyInXApiKeyAndTheApiVersion()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        server.Script.ExpectedApiKey = "sk-ant-test-1234567890";
        var client = services.ClientFor(ProviderKind.Anthropic, server, apiKey: "sk-ant-test-1234567890");

        await client.GetResponseAsync(Question);

        var request = server.LastRequest("/v1/messages");
        Assert.Equal("sk-ant-test-1234567890", request.Header("x-api-key"));
        Assert.Null(request.Header("Authorization"));
        Assert.NotNull(request.Header("anthropic-version"));
    }

    [Fact]
    public async Task AnthropicIsSentTheModelsOwnReplyLimitWhenTheCallerGivesNone()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        var client = services.ClientFor(ProviderKind.Anthropic, server, maxOutputTokens: 8192);

        await client.GetResponseAsync(Question);
        await client.GetResponseAsync(Question, new ChatOptions { MaxOutputTokens = 100 });

        var requests = server.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal(8192, requests[0].Body!["max_tokens"]!.GetValue<int>());
        Assert.Equal(100, requests[1].Body!["max_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task OllamaIsSentTheReplyLimitAsNumPredict()
    {
        await using var server = await FakeOllamaServer.StartAsync();
        var client = services.ClientFor(ProviderKind.Ollama, server);

        await client.GetResponseAsync(Question, new ChatOptions { MaxOutputTokens = 77 });

        Assert.Equal(77, server.LastRequest("/api/chat").Body!["options"]!["num_predict"]!.GetValue<int>());
    }

    public void Dispose() => services.Dispose();
}

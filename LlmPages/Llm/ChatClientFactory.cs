using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Headers;
using Anthropic;
using Anthropic.Core;
using LlmPages.Data.Entities;
using LlmPages.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OllamaSharp;
using OpenAI;
using OpenAI.Chat;

namespace LlmPages.Llm;

/// <summary>
/// Builds the <see cref="IChatClient"/> for one model on one server, whatever protocol it speaks. The result
/// applies our timeouts (<see cref="StreamTimeoutChatClient"/>) and throws only explained errors
/// (<see cref="ProviderErrorChatClient"/>). Prefer <see cref="ChatClientCache"/>, which reuses clients.
/// </summary>
public sealed class ChatClientFactory(IHttpClientFactory httpClients, IOptions<LlmOptions> options, ChatClientTelemetry telemetry)
{
    /// <summary>Used by the SDK when a provider has no key; <see cref="OpenAiCompatibilityPolicy"/> strips it.</summary>
    private const string NoKeyPlaceholder = "no-key";

    /// <param name="connection">The server and its plain key.</param>
    /// <param name="wireModelId">The model id the server knows.</param>
    /// <param name="maxOutputTokens">
    /// The model's longest reply. Anthropic requires a limit on every request: this one is sent when the caller
    /// gives none in <see cref="ChatOptions.MaxOutputTokens"/>.
    /// </param>
    public IChatClient Create(ProviderConnection connection, string wireModelId, int? maxOutputTokens = null)
    {
        var http = httpClients.CreateClient(LlmExtensions.HttpClientName);
        var client = connection.Kind switch
        {
            ProviderKind.OpenAiCompatible => OpenAiCompatible(connection, wireModelId, http),
            ProviderKind.Ollama => Ollama(connection, wireModelId, http),
            ProviderKind.Anthropic => Anthropic(connection, wireModelId, maxOutputTokens, http),
            _ => throw new ArgumentOutOfRangeException(nameof(connection), connection.Kind, "Unknown provider kind."),
        };
        return telemetry.Wrap(new ProviderErrorChatClient(new StreamTimeoutChatClient(client, options.Value), connection, wireModelId));
    }

    private static IChatClient OpenAiCompatible(ProviderConnection connection, string wireModelId, HttpClient http)
    {
        var hasKey = !string.IsNullOrEmpty(connection.ApiKey);
        var sdkOptions = new OpenAIClientOptions
        {
            Endpoint = ProviderUrls.OpenAiBase(connection.BaseUrl),
            Transport = new HttpClientPipelineTransport(http),
            // A retried streaming request would replay a reply from the start; failures are reported instead.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
        sdkOptions.AddPolicy(
            new OpenAiCompatibilityPolicy(OpenAiCompatibilityPolicy.WantsMaxTokens(connection.BaseUrl), removeAuthorization: !hasKey),
            PipelinePosition.BeforeTransport);
        var credential = new ApiKeyCredential(hasKey ? connection.ApiKey! : NoKeyPlaceholder);
        // Streams are read by our own parser (the SDK's was most of the CPU per token); the SDK does the rest.
        return new OpenAiStreamingChatClient(new ChatClient(wireModelId, credential, sdkOptions).AsIChatClient(), http, connection, wireModelId);
    }

    private static IChatClient Ollama(ProviderConnection connection, string wireModelId, HttpClient http)
    {
        http.BaseAddress = ProviderUrls.OllamaRoot(connection.BaseUrl);
        // Ollama has no keys of its own, but one behind an authenticating proxy may need a bearer token.
        if (!string.IsNullOrEmpty(connection.ApiKey))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", connection.ApiKey);
        }
        return new OllamaApiClient(http, wireModelId);
    }

    private static IChatClient Anthropic(ProviderConnection connection, string wireModelId, int? maxOutputTokens, HttpClient http)
    {
        var client = new AnthropicClient(new ClientOptions
        {
            BaseUrl = ProviderUrls.AnthropicRoot(connection.BaseUrl).AbsoluteUri.TrimEnd('/'),
            // The SDK would send ApiKey as "Authorization: Bearer"; x-api-key is the header Anthropic documents and
            // the one Anthropic-compatible proxies read. ApiKey stays null, which also stops the SDK from falling
            // back to the ANTHROPIC_API_KEY variable: the database is the only source of keys.
            ApiKey = null,
            ExtraHeaders = string.IsNullOrEmpty(connection.ApiKey)
                ? new Dictionary<string, string>()
                : new Dictionary<string, string> { ["x-api-key"] = connection.ApiKey },
            HttpClient = http,
            MaxRetries = 0,
            Timeout = Timeout.InfiniteTimeSpan,
        });
        return client.AsIChatClient(wireModelId, maxOutputTokens is > 0 ? maxOutputTokens : DefaultAnthropicMaxTokens);
    }

    /// <summary>What every current Claude model can write at least, for models saved without a limit.</summary>
    private const int DefaultAnthropicMaxTokens = 4096;
}

using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using LlmPages.Data.Entities;
using Microsoft.Extensions.Options;

namespace LlmPages.Llm;

/// <summary>
/// Asks a model server real questions for the admin pages: "Test connection" and "Discover models". Both read the
/// server's model list, which every supported protocol has and which costs no tokens. Each call is bounded by
/// <see cref="LlmOptions.RequestTimeout"/> and never retried: the admin wants to see what happens.
/// </summary>
public sealed class ProviderProbe(IHttpClientFactory httpClients, IOptions<LlmOptions> options)
{
    /// <summary>The version of Anthropic's API our requests are written for.</summary>
    public const string AnthropicVersion = "2023-06-01";

    /// <summary>Anthropic pages its model list; a few pages cover every model it has ever served.</summary>
    private const int MaxAnthropicPages = 10;

    /// <summary>A real request to the server (its model list), timed from send to parsed answer.</summary>
    public async Task<ConnectionTestResult> TestConnectionAsync(ProviderConnection connection, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await DiscoverModelsAsync(connection, cancellationToken);
        var latencyMs = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return result.Succeeded
            ? new ConnectionTestResult(true, latencyMs, null, result.Models.Count)
            : new ConnectionTestResult(false, latencyMs, result.Error);
    }

    /// <summary>The models the server lists: <c>/v1/models</c>, Ollama's <c>/api/tags</c>, Anthropic's <c>/v1/models</c>.</summary>
    public async Task<DiscoveryResult> DiscoverModelsAsync(ProviderConnection connection, CancellationToken cancellationToken)
    {
        var timeout = options.Value.RequestTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            if (connection.Kind == ProviderKind.Anthropic)
            {
                return new DiscoveryResult(await ListAnthropicAsync(connection, deadline.Token), null);
            }
            using var json = await GetJsonAsync(connection, ProviderUrls.Models(connection), deadline.Token);
            return new DiscoveryResult(Parse(connection.Kind, json.RootElement), null);
        }
        catch (Exception) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new DiscoveryResult([], ProviderErrorMapper.Map(new ProviderTimeoutException(timeout, midStream: false), connection));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new DiscoveryResult([], ProviderErrorMapper.Map(e, connection));
        }
    }

    private async Task<JsonDocument> GetJsonAsync(ProviderConnection connection, Uri url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (connection.Kind == ProviderKind.Anthropic)
        {
            request.Headers.Add("anthropic-version", AnthropicVersion);
            if (!string.IsNullOrEmpty(connection.ApiKey))
            {
                request.Headers.Add("x-api-key", connection.ApiKey);
            }
        }
        else if (!string.IsNullOrEmpty(connection.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", connection.ApiKey);
        }

        using var http = httpClients.CreateClient(LlmExtensions.HttpClientName);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
    }

    private async Task<List<DiscoveredModel>> ListAnthropicAsync(ProviderConnection connection, CancellationToken cancellationToken)
    {
        var models = new List<DiscoveredModel>();
        string? after = null;
        for (var page = 0; page < MaxAnthropicPages; page++)
        {
            var url = ProviderUrls.Models(connection) + "?limit=1000" + (after is null ? "" : "&after_id=" + Uri.EscapeDataString(after));
            using var json = await GetJsonAsync(connection, new Uri(url), cancellationToken);
            models.AddRange(Parse(ProviderKind.Anthropic, json.RootElement));
            var root = json.RootElement;
            if (!root.TryGetProperty("has_more", out var more) || more.ValueKind != JsonValueKind.True
                || String(root, "last_id") is not { } last)
            {
                break;
            }
            after = last;
        }
        return models;
    }

    /// <summary>
    /// OpenAI: <c>{"data":[{"id"}]}</c>, with the context window when the server says (OpenRouter's
    /// <c>context_length</c>, vLLM's <c>max_model_len</c>, Groq's <c>context_window</c>). Ollama:
    /// <c>{"models":[{"name"}]}</c>. Anthropic: <c>{"data":[{"id","display_name"}]}</c>.
    /// </summary>
    private static List<DiscoveredModel> Parse(ProviderKind kind, JsonElement root)
    {
        var list = root.ValueKind == JsonValueKind.Object
            && root.TryGetProperty(kind == ProviderKind.Ollama ? "models" : "data", out var items)
            && items.ValueKind == JsonValueKind.Array
            ? items
            : throw new JsonException("The answer has no list of models.");
        var models = new List<DiscoveredModel>();
        foreach (var item in list.EnumerateArray())
        {
            var id = String(item, kind == ProviderKind.Ollama ? "name" : "id");
            if (string.IsNullOrEmpty(id))
            {
                continue;
            }
            var name = String(item, kind == ProviderKind.Anthropic ? "display_name" : "name");
            var context = Int(item, "context_length") ?? Int(item, "max_model_len") ?? Int(item, "context_window") ?? Int(item, "max_input_tokens");
            var output = item.TryGetProperty("top_provider", out var top) && top.ValueKind == JsonValueKind.Object
                ? Int(top, "max_completion_tokens")
                : Int(item, "max_tokens");
            models.Add(new DiscoveredModel(id, kind == ProviderKind.Ollama || string.IsNullOrEmpty(name) ? id : name, context, output));
        }
        return models;
    }

    private static string? String(JsonElement item, string property) =>
        item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement item, string property) =>
        item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number : null;
}

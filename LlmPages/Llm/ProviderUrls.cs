using LlmPages.Data.Entities;

namespace LlmPages.Llm;

/// <summary>
/// Where each protocol's endpoints live under the base URL an admin typed. Admins paste addresses in many forms
/// ("…/v1", "…/v1/", "host:11434"); each kind is read the way its SDK expects.
/// </summary>
public static class ProviderUrls
{
    /// <summary>The base URL with no trailing slash: OpenAI-compatible servers take paths after their <c>/v1</c>.</summary>
    public static Uri OpenAiBase(Uri baseUrl) => new(baseUrl.AbsoluteUri.TrimEnd('/'));

    /// <summary>The server root with a trailing slash: OllamaSharp resolves <c>api/chat</c> against it.</summary>
    public static Uri OllamaRoot(Uri baseUrl) => new(baseUrl.AbsoluteUri.TrimEnd('/') + "/");

    /// <summary>The server root without <c>/v1</c>: the Anthropic SDK adds <c>/v1/messages</c> itself.</summary>
    public static Uri AnthropicRoot(Uri baseUrl)
    {
        var url = baseUrl.AbsoluteUri.TrimEnd('/');
        return new(url.EndsWith("/v1", StringComparison.OrdinalIgnoreCase) ? url[..^3] : url);
    }

    /// <summary>The endpoint that lists models, which "Test connection" and "Discover models" call.</summary>
    public static Uri Models(ProviderConnection connection) => connection.Kind switch
    {
        ProviderKind.OpenAiCompatible => new(OpenAiBase(connection.BaseUrl).AbsoluteUri.TrimEnd('/') + "/models"),
        ProviderKind.Ollama => new(OllamaRoot(connection.BaseUrl), "api/tags"),
        ProviderKind.Anthropic => new(AnthropicRoot(connection.BaseUrl).AbsoluteUri.TrimEnd('/') + "/v1/models"),
        _ => throw new ArgumentOutOfRangeException(nameof(connection), connection.Kind, "Unknown provider kind."),
    };
}

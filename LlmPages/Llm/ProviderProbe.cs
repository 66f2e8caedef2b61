namespace LlmPages.Llm;

/// <summary>
/// Asks a model server real questions for the admin pages: "Test connection" and "Discover models".
/// CONTRACT ONLY on branch llm-contract: implemented by the LLM-client work before it reaches main.
/// </summary>
public sealed class ProviderProbe
{
    /// <summary>A real request to the server (its model list, or a one-token completion where it has none).</summary>
    public Task<ConnectionTestResult> TestConnectionAsync(ProviderConnection connection, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    /// <summary>The models the server lists: <c>/v1/models</c>, Ollama's <c>/api/tags</c>, Anthropic's <c>/v1/models</c>.</summary>
    public Task<DiscoveryResult> DiscoverModelsAsync(ProviderConnection connection, CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}

namespace LlmPages.Llm;

/// <summary>The outcome of "Test connection": how long the server took, or why it failed.</summary>
public sealed record ConnectionTestResult(bool Succeeded, int LatencyMs, ProviderError? Error, int? ModelCount = null);

/// <summary>A model a server says it serves, as found by "Discover models".</summary>
public sealed record DiscoveredModel(string WireModelId, string DisplayName, int? ContextWindow = null, int? MaxOutputTokens = null);

/// <summary>The models a server lists, or why it could not list them.</summary>
public sealed record DiscoveryResult(IReadOnlyList<DiscoveredModel> Models, ProviderError? Error)
{
    public bool Succeeded => Error is null;
}

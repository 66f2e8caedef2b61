namespace LlmPages.Data.Entities;

/// <summary>The result of the last health check of an <see cref="AiProvider"/>. Stored as its name.</summary>
public enum ProviderHealthStatus
{
    /// <summary>Never checked.</summary>
    Unknown,

    /// <summary>The last check reached the provider.</summary>
    Healthy,

    /// <summary>The last check failed; see <see cref="AiProvider.LastHealthError"/>.</summary>
    Unhealthy,
}

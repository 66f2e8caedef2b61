namespace LlmPages.Data.Entities;

/// <summary>
/// A model server the app talks to: its protocol, address and (encrypted) API key, plus the result of the
/// last health check.
/// </summary>
public class AiProvider : IUniqueName
{
    /// <summary>The key.</summary>
    public int Id { get; set; }

    /// <summary>A name shown to admins, unique ignoring case (<see cref="NameKey"/>).</summary>
    public required string Name
    {
        get;
        set
        {
            field = value;
            NameKey = NameKeys.Of(value);
        }
    }

    /// <summary>
    /// The name as the app compares and sorts it (<see cref="NameKeys"/>), set with the name; unique. Null only on a row
    /// from before keys existed, until the next start fills it in.
    /// </summary>
    public string? NameKey { get; private set; }

    /// <summary>The protocol the server speaks.</summary>
    public ProviderKind Kind { get; set; }

    /// <summary>The server's base address, e.g. <c>https://api.openai.com/v1</c>.</summary>
    public required string BaseUrl { get; set; }

    /// <summary>
    /// The API key encrypted with ASP.NET Core Data Protection; null when the server needs none. The plain key
    /// is never stored and never sent back to a browser.
    /// </summary>
    public string? ProtectedApiKey { get; set; }

    /// <summary>The key's last four characters, so admins can tell keys apart without seeing them.</summary>
    public string? ApiKeyHint { get; set; }

    /// <summary>Inactive providers offer no models.</summary>
    public bool IsActive { get; set; } = true;

    /// <summary>The provider's category.</summary>
    public int AiTypeId { get; set; }

    /// <summary>The provider's category.</summary>
    public AiType AiType { get; set; } = null!;

    /// <summary>The result of the last health check.</summary>
    public ProviderHealthStatus LastHealthStatus { get; set; } = ProviderHealthStatus.Unknown;

    /// <summary>When the last health check ran (UTC).</summary>
    public DateTime? LastHealthCheckedAt { get; set; }

    /// <summary>How long the last health check took, in milliseconds.</summary>
    public int? LastHealthLatencyMs { get; set; }

    /// <summary>Why the last health check failed, in plain language.</summary>
    public string? LastHealthError { get; set; }

    /// <summary>When the provider was added (UTC).</summary>
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    /// <summary>When the provider was last edited (UTC).</summary>
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;

    /// <summary>The models this provider serves.</summary>
    public List<AiModel> Models { get; set; } = [];
}

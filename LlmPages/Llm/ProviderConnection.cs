using LlmPages.Data.Entities;

namespace LlmPages.Llm;

/// <summary>
/// What it takes to reach a model server: its protocol, its base address and the plain API key. The key only
/// ever lives in memory in this form; in the database it is encrypted (<see cref="ProviderSecrets"/>).
/// </summary>
public sealed record ProviderConnection(ProviderKind Kind, Uri BaseUrl, string? ApiKey)
{
    /// <summary>Never print the key, not even in a debugger or a log line that formats this record.</summary>
    public override string ToString() => $"{Kind} {BaseUrl}";
}

namespace LlmPages.Llm;

/// <summary>
/// Which addresses the app may connect to when it calls model servers, bound from <c>LlmPages:Network</c>.
/// Private and loopback addresses are allowed by default: local model servers (Ollama, vLLM, llama.cpp) live there.
/// </summary>
public sealed class NetworkOptions
{
    public const string Section = "LlmPages:Network";

    /// <summary>
    /// Networks (CIDR, e.g. <c>169.254.0.0/16</c>, or single addresses) never connected to, whatever a provider's
    /// address says or its name resolves to (redirects are not followed at all). Replaces the default list when set.
    /// </summary>
    public List<string> DeniedNetworks { get; set; } = [.. DefaultDenied];

    /// <summary>When not empty, the only networks that may be connected to (the denied ones still are not).</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>
    /// Cloud metadata services, which hand out credentials to whoever asks from inside the machine: link-local
    /// IPv4 (AWS, GCP, Azure, OpenStack, DigitalOcean at 169.254.169.254) and IPv6, AWS's IPv6 endpoint, Alibaba,
    /// Oracle, and Azure's WireServer.
    /// </summary>
    public static readonly string[] DefaultDenied =
    [
        "169.254.0.0/16", "fe80::/10", "fd00:ec2::254/128", "100.100.100.200/32", "192.0.0.192/32", "168.63.129.16/32",
    ];
}

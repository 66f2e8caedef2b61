using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Text.RegularExpressions;

namespace LlmPages.Web;

/// <summary>Cross-cutting web settings, bound from <c>LlmPages:Web</c>.</summary>
public sealed partial class WebOptions : IValidatableObject
{
    public const string Section = "LlmPages:Web";

    /// <summary>
    /// Read the client's address and scheme from the reverse proxy in front of the app (X-Forwarded-For/Proto), as
    /// sent by the proxies below (see <see cref="ProxyHeaders"/>). Leave off when clients reach the app directly.
    /// </summary>
    public bool TrustForwardedHeaders { get; set; }

    /// <summary>
    /// The addresses of the proxies whose forwarded headers are believed. With neither these nor
    /// <see cref="KnownNetworks"/>, only a proxy on this machine (loopback) is.
    /// </summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR) the believed proxies are in, e.g. a container network.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>
    /// A header the platform's proxy sets on every request to the client's address, read instead of
    /// X-Forwarded-For (fly.io: <c>Fly-Client-IP</c>). Without named proxies it is believed from every peer, so set
    /// it only where every request passes through that proxy.
    /// </summary>
    public string? ClientIpHeader { get; set; }

    /// <summary>Sign-in and registration attempts allowed per client address in each window.</summary>
    [Range(1, 100_000, ErrorMessage = "AuthAttemptsPerWindow must be between 1 and 100000.")]
    public int AuthAttemptsPerWindow { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "AuthWindow must be between 1 second and 1 day.")]
    public TimeSpan AuthWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Chat actions that start a reply (send, regenerate, edit) allowed per person (per client address before
    /// sign-in) in each window: a model costs money and capacity.
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "MessagesPerWindow must be between 1 and 100000.")]
    public int MessagesPerWindow { get; set; } = 30;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "MessageWindow must be between 1 second and 1 day.")]
    public TimeSpan MessageWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The largest request body accepted, in bytes: far above the longest message and system prompt, far below
    /// what could tie up the server. Larger bodies get 413 with the limit in words (<see cref="RequestSizeLimit"/>).
    /// </summary>
    [Range(16 * 1024, 100 * 1024 * 1024, ErrorMessage = "MaxRequestBodyBytes must be between 16 KB and 100 MB.")]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in KnownProxies.Where(p => p.Contains('/', StringComparison.Ordinal) || !IPAddress.TryParse(p.Trim(), out _)))
        {
            yield return new($"{Section}:KnownProxies must be IP addresses (10.0.0.2): '{proxy}' is not. Name networks in {Section}:KnownNetworks.");
        }
        foreach (var network in KnownNetworks.Where(n => !IPNetwork.TryParse(n.Trim(), out _)))
        {
            yield return new($"{Section}:KnownNetworks must be CIDR networks (10.0.0.0/8, fd00::/8): '{network}' is not.");
        }
        if (ClientIpHeader is { } header && !HeaderName().IsMatch(header))
        {
            yield return new($"{Section}:ClientIpHeader must be a header name (Fly-Client-IP): '{header}' is not.");
        }
        if (!TrustForwardedHeaders && (KnownProxies.Count + KnownNetworks.Count > 0 || !string.IsNullOrEmpty(ClientIpHeader)))
        {
            yield return new($"{Section}:KnownProxies, KnownNetworks and ClientIpHeader are read only with " +
                $"{Section}:TrustForwardedHeaders=true: set it, or remove them.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")]
    private static partial Regex HeaderName();
}

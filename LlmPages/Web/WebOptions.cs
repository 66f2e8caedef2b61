using System.ComponentModel.DataAnnotations;

namespace LlmPages.Web;

/// <summary>Cross-cutting web settings, bound from <c>LlmPages:Web</c>.</summary>
public sealed class WebOptions
{
    public const string Section = "LlmPages:Web";

    /// <summary>
    /// Trust X-Forwarded-For/Proto from the reverse proxy in front of the app (fly.io, nginx, Caddy). Leave off
    /// when clients reach the app directly: they could otherwise forge their address and dodge rate limits.
    /// </summary>
    public bool TrustForwardedHeaders { get; set; }

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
    /// what could tie up the server. Larger bodies get 413 (or 400 for a form value over the limit).
    /// </summary>
    [Range(16 * 1024, 100 * 1024 * 1024, ErrorMessage = "MaxRequestBodyBytes must be between 16 KB and 100 MB.")]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}

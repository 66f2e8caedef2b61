using System.Net;

namespace LlmPages.Llm;

/// <summary>
/// A model server answered with a redirect, which the app does not follow (see <see cref="LlmExtensions"/>):
/// .NET drops <c>Authorization</c> when a redirect leaves the origin, but not other credentials such as
/// Anthropic's <c>x-api-key</c>, so following one could hand a provider's key to whatever server it names.
/// Thrown by <see cref="ProviderStatusHandler"/>; <see cref="ProviderErrorMapper"/> words it for the admin.
/// </summary>
public sealed class ProviderRedirectException(HttpStatusCode status, Uri? location)
    : HttpRequestException($"The server answered HTTP {(int)status} (a redirect).", null, status)
{
    /// <summary>Where the server pointed, made absolute; null when it named no address.</summary>
    public Uri? Location { get; } = location;
}

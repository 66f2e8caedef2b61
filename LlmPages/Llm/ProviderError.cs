namespace LlmPages.Llm;

/// <summary>The kinds of failure a person needs told apart when a model server does not answer as expected.</summary>
public enum ProviderErrorKind
{
    WrongKey,
    Forbidden,
    UnknownModel,
    RateLimited,
    ServerError,
    ConnectionRefused,
    DnsFailure,
    TlsFailure,
    Timeout,
    BlockedAddress,
    Redirected,
    BadResponse,
    Cancelled,
    Other,
}

/// <summary>
/// A failure explained in words a person understands (<see cref="Message"/>), with what a program needs
/// (<see cref="Kind"/>, <see cref="RetryAfter"/>). Messages never contain the API key.
/// </summary>
public sealed record ProviderError(ProviderErrorKind Kind, string Message, TimeSpan? RetryAfter = null);

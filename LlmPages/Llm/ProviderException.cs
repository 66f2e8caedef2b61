using System.Globalization;

namespace LlmPages.Llm;

/// <summary>
/// A model server failed, already explained (<see cref="Error"/>). The chat clients made by
/// <see cref="ChatClientFactory"/> throw only this, or <see cref="OperationCanceledException"/> when the caller
/// cancelled.
/// </summary>
public class ProviderException(ProviderError error, Exception? innerException = null)
    : Exception(error.Message, innerException)
{
    public ProviderError Error { get; } = error;
}

/// <summary>The server went quiet for longer than one of our own timeouts (<see cref="LlmOptions"/>).</summary>
public sealed class ProviderTimeoutException(TimeSpan timeout, bool midStream = false)
    : ProviderException(new ProviderError(ProviderErrorKind.Timeout, Describe(timeout, midStream)))
{
    public TimeSpan Timeout { get; } = timeout;

    /// <summary>True when the reply had started and then stalled, false when nothing came at all.</summary>
    public bool MidStream { get; } = midStream;

    private static string Describe(TimeSpan timeout, bool midStream) => midStream
        ? $"The server stopped sending the reply for {Seconds(timeout)}."
        : $"The server did not answer within {Seconds(timeout)}.";

    internal static string Seconds(TimeSpan span)
    {
        var seconds = span.TotalSeconds;
        return seconds == 1 ? "1 second" : $"{seconds.ToString("0.#", CultureInfo.InvariantCulture)} seconds";
    }
}

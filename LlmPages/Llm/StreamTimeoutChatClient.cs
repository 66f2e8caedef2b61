using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LlmPages.Llm;

/// <summary>
/// Our own timeouts, since the HTTP clients have none (a long reply may stream for many minutes): a streamed reply
/// must start within <see cref="LlmOptions.FirstTokenTimeout"/> and never go silent for longer than
/// <see cref="LlmOptions.IdleTimeout"/>; a reply that does not stream must be whole within
/// <see cref="LlmOptions.RequestTimeout"/>. A breach cancels the upstream call and throws
/// <see cref="ProviderTimeoutException"/>. A stalled read is stopped even where the SDK ignores cancellation
/// (<see cref="AbortOnCancelHandler"/>).
/// </summary>
public sealed class StreamTimeoutChatClient(IChatClient innerClient, LlmOptions timeouts) : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(timeouts.RequestTimeout);
        AbortOnCancelHandler.Scope(timeout.Token);
        try
        {
            return await base.GetResponseAsync(messages, options, timeout.Token);
        }
        catch (Exception e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested && e is not ProviderException)
        {
            throw new ProviderTimeoutException(timeouts.RequestTimeout);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var watchdog = new StreamWatchdog(timeout, TimeProvider.System);
        await using var updates = base.GetStreamingResponseAsync(messages, options, timeout.Token).GetAsyncEnumerator(timeout.Token);
        var limit = timeouts.FirstTokenTimeout;
        var started = false;
        while (true)
        {
            // The clock runs only while we wait for the server, not while our caller handles an update.
            watchdog.Arm(limit);
            if (!started)
            {
                // The request is sent during the first wait; setting the async-local again each token copied the
                // execution context each time.
                AbortOnCancelHandler.Scope(timeout.Token);
            }
            bool more;
            try
            {
                more = await updates.MoveNextAsync();
            }
            catch (Exception e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested && e is not ProviderException)
            {
                // Whatever the SDK threw on being cancelled (OperationCanceledException, IOException...), the cause is ours.
                throw new ProviderTimeoutException(limit, started);
            }
            watchdog.Disarm();
            if (!more)
            {
                // OllamaSharp ends a cancelled stream quietly, as if the reply were complete: it was not.
                cancellationToken.ThrowIfCancellationRequested();
                if (timeout.IsCancellationRequested)
                {
                    throw new ProviderTimeoutException(limit, started);
                }
                yield break;
            }
            started = true;
            limit = timeouts.IdleTimeout;
            yield return updates.Current;
        }
    }
}

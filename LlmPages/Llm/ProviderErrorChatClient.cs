using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LlmPages.Llm;

/// <summary>
/// The outermost layer of every chat client we build: whatever fails below it leaves as a
/// <see cref="ProviderException"/> carrying a plain-language <see cref="ProviderError"/>, so callers need to know
/// nothing about the three SDKs. The caller's own cancellation stays an <see cref="OperationCanceledException"/>.
/// Updates already received are passed on before a failure is thrown.
/// </summary>
public sealed class ProviderErrorChatClient(IChatClient innerClient, ProviderConnection connection, string modelId)
    : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken);
        }
        catch (Exception e) when (!IsCallerCancellation(e, cancellationToken))
        {
            throw Explain(e, options, cancellationToken);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IAsyncEnumerator<ChatResponseUpdate> updates;
        try
        {
            updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception e) when (!IsCallerCancellation(e, cancellationToken))
        {
            throw Explain(e, options, cancellationToken);
        }

        await using (updates)
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await updates.MoveNextAsync();
                }
                catch (Exception e) when (!IsCallerCancellation(e, cancellationToken))
                {
                    throw Explain(e, options, cancellationToken);
                }
                if (!more)
                {
                    yield break;
                }
                yield return updates.Current;
            }
        }
    }

    private static bool IsCallerCancellation(Exception e, CancellationToken cancellationToken) =>
        e is OperationCanceledException && cancellationToken.IsCancellationRequested;

    /// <summary>Once the caller has cancelled, whatever the SDK throws while stopping is just the cancellation.</summary>
    private Exception Explain(Exception e, ChatOptions? options, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? new OperationCanceledException(e.Message, e, cancellationToken)
        : e as ProviderException ?? new ProviderException(ProviderErrorMapper.Map(e, connection, options?.ModelId ?? modelId), e);
}

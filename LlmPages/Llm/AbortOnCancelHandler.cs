namespace LlmPages.Llm;

/// <summary>
/// Makes cancelling a call stop a response body that is still being read. HttpClient only watches the
/// cancellation token until the headers arrive; after that, an SDK must pass the token to every read, and
/// OllamaSharp does not, so a server that stalls mid-stream would hold the reader forever. The caller's token
/// travels here through <see cref="Scope"/> (an async-local, since the SDK builds the request), and when it
/// fires the response is disposed, which closes the connection and fails the pending read.
/// </summary>
public sealed class AbortOnCancelHandler : DelegatingHandler
{
    private static readonly AsyncLocal<CancellationToken> Ambient = new();

    /// <summary>
    /// Responses to requests sent from here on, in this async flow, are aborted when <paramref name="token"/>
    /// fires. Set it right before calling into the SDK.
    /// </summary>
    public static void Scope(CancellationToken token) => Ambient.Value = token;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var token = Ambient.Value;
        if (token.CanBeCanceled)
        {
            // Lives as long as the caller's token source, which ends with the call.
            token.Register(static r => ((HttpResponseMessage)r!).Dispose(), response);
        }
        return response;
    }
}

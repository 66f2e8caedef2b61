using System.ClientModel;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using Anthropic.Exceptions;
using OllamaSharp.Models.Exceptions;

namespace LlmPages.Llm;

/// <summary>
/// Explains any failure of a call to a model server in words an admin or user can act on. SDKs wrap the real cause
/// in their own exceptions, so the whole chain of inner exceptions is searched, most telling kind first. Messages
/// never contain the API key.
/// </summary>
public static class ProviderErrorMapper
{
    private const int MaxServerMessageChars = 300;

    /// <param name="exception">What the SDK or HTTP client threw.</param>
    /// <param name="connection">The server that was called (its address names the failure; its key is redacted).</param>
    /// <param name="modelId">The wire model id when a model was asked for (a 404 then means an unknown model).</param>
    public static ProviderError Map(Exception exception, ProviderConnection connection, string? modelId = null)
    {
        var error = Explain(Chain(exception).ToList(), connection, modelId);
        return error with { Message = Redact(error.Message, connection.ApiKey) };
    }

    private static ProviderError Explain(List<Exception> chain, ProviderConnection connection, string? modelId)
    {
        if (chain.OfType<ProviderException>().FirstOrDefault() is { } explained)
        {
            return explained.Error;
        }
        if (chain.OfType<ProviderRedirectException>().FirstOrDefault() is { } redirect)
        {
            return Redirected(redirect);
        }
        if (chain.OfType<ProviderHttpException>().FirstOrDefault() is { StatusCode: { } status } http)
        {
            return FromStatus((int)status, http.RetryAfter, http.ServerMessage, connection, modelId);
        }
        if (chain.OfType<ProviderStreamException>().FirstOrDefault() is { } inStream)
        {
            return new(ProviderErrorKind.ServerError, ServerWords(inStream.ServerMessage, connection) is { } said
                ? $"The server stopped the reply with an error: {said}."
                : "The server stopped the reply with an error, without saying what went wrong.");
        }
        // The SDKs' own status exceptions, in case one was raised without passing our handler.
        if (chain.OfType<ClientResultException>().FirstOrDefault(e => e.Status > 0) is { } openAi)
        {
            var headers = openAi.GetRawResponse()?.Headers;
            var retryAfter = headers is not null && headers.TryGetValue("Retry-After", out var value)
                && int.TryParse(value, out var seconds) ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            return FromStatus(openAi.Status, retryAfter, null, connection, modelId);
        }
        if (chain.OfType<AnthropicApiException>().FirstOrDefault() is { } anthropic)
        {
            return FromStatus((int)anthropic.StatusCode, null, null, connection, modelId);
        }
        if (chain.OfType<ResponseError>().FirstOrDefault() is { } ollama)
        {
            return ollama.Message.Contains("not found", StringComparison.OrdinalIgnoreCase) && modelId is not null
                ? UnknownModel(modelId)
                : new(ProviderErrorKind.Other, $"The server reported an error: {Shorten(ollama.Message)}");
        }
        if (Tls(chain) is { } tls)
        {
            return tls;
        }
        if (Connection(chain, connection) is { } network)
        {
            return network;
        }
        if (chain.Any(e => e is TimeoutException))
        {
            return new(ProviderErrorKind.Timeout, "The server did not answer in time.");
        }
        if (chain.Any(e => e is OperationCanceledException))
        {
            return new(ProviderErrorKind.Cancelled, "The request was cancelled.");
        }
        if (chain.Any(e => e is JsonException or AnthropicInvalidDataException or AnthropicSseException or FormatException))
        {
            return new(ProviderErrorKind.BadResponse,
                "The server's answer was not in the expected format. Check that the provider kind matches the server.");
        }
        if (chain.Any(e => e is IOException or HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse }))
        {
            return ConnectionLost;
        }
        return new(ProviderErrorKind.Other, $"The server could not be used: {Shorten(chain[^1].Message)}");
    }

    /// <summary>
    /// What a status means, with the server's own words when its body gave some: a server that is up and says why
    /// it refuses (404 "model listing is disabled") must not be taken for a wrong address.
    /// </summary>
    private static ProviderError FromStatus(int status, TimeSpan? retryAfter, string? serverMessage, ProviderConnection connection, string? modelId)
    {
        var said = ServerWords(serverMessage, connection);
        return status switch
        {
            401 when string.IsNullOrEmpty(connection.ApiKey) => new(ProviderErrorKind.WrongKey,
                "The server asks for an API key. Add one to this provider."),
            401 => new(ProviderErrorKind.WrongKey,
                "The server refused the API key. Check that it is right and has not been revoked."),
            403 => new(ProviderErrorKind.Forbidden, said is null
                ? "The server refused access: the API key is not allowed to do this (or the account has no access to it)."
                : $"The server refused access ({StatusText(status)}): {said}."),
            404 when modelId is not null && MentionsModel(serverMessage, modelId) => UnknownModel(modelId),
            404 when said is not null => new(ProviderErrorKind.BadResponse, Answered(status, said)),
            404 => new(ProviderErrorKind.BadResponse, NothingAnswers(connection)),
            429 => new(ProviderErrorKind.RateLimited, retryAfter is { } wait
                ? $"The server is rate limiting requests. Try again in {Seconds(wait)}."
                : "The server is rate limiting requests. Try again in a little while.", retryAfter),
            >= 500 => new(ProviderErrorKind.ServerError, said is null
                ? $"The server had an internal error (HTTP {status})."
                : Answered(status, said)),
            _ => new(ProviderErrorKind.Other, said is null
                ? $"The server rejected the request (HTTP {status})."
                : Answered(status, said)),
        };
    }

    private static string Answered(int status, string said) => $"The server answered {StatusText(status)}: {said}.";

    /// <summary>"404 Not Found"; the bare number for a status HTTP does not name (Anthropic's 529).</summary>
    private static string StatusText(int status) =>
        $"{status} {Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status)}".TrimEnd();

    /// <summary>A 404 for a named model whose error talks about models; a bare 404 page means a wrong address.</summary>
    private static bool MentionsModel(string? serverMessage, string modelId) =>
        serverMessage is not null
        && (serverMessage.Contains(modelId, StringComparison.OrdinalIgnoreCase)
            || serverMessage.Contains("model", StringComparison.OrdinalIgnoreCase));

    private static ProviderError Redirected(ProviderRedirectException redirect) => new(ProviderErrorKind.Redirected,
        redirect.Location is { } target
            ? $"The server redirected to {Shorten(target.IsAbsoluteUri ? target.AbsoluteUri : target.OriginalString)}; LlmPages does not follow redirects to model servers, so that " +
              "API keys are not sent elsewhere. Use the final address as the provider's base URL."
            : $"The server answered with a redirect (HTTP {(int?)redirect.StatusCode}) to no address; LlmPages does not follow " +
              "redirects to model servers anyway, so that API keys are not sent elsewhere. Check the provider's base URL.");

    private static readonly ProviderError ConnectionLost =
        new(ProviderErrorKind.BadResponse, "The server closed the connection before the reply was complete.");

    private static ProviderError UnknownModel(string modelId) =>
        new(ProviderErrorKind.UnknownModel, $"The server does not know the model “{modelId}”.");

    private static string NothingAnswers(ProviderConnection connection) => connection.Kind switch
    {
        Data.Entities.ProviderKind.OpenAiCompatible =>
            "Nothing answers at this address. Check the base URL (OpenAI-compatible servers usually end in /v1).",
        Data.Entities.ProviderKind.Ollama =>
            "Nothing answers at this address. Check the base URL (Ollama's is usually http://host:11434).",
        _ => "Nothing answers at this address. Check the base URL (Anthropic's is https://api.anthropic.com).",
    };

    private static ProviderError? Tls(List<Exception> chain)
    {
        var authentication = chain.OfType<AuthenticationException>().FirstOrDefault();
        var secure = chain.OfType<HttpRequestException>().Any(e => e.HttpRequestError == HttpRequestError.SecureConnectionError);
        if (authentication is null && !secure)
        {
            return null;
        }
        // A certificate complaint means the server speaks TLS but cannot be trusted; anything else usually means
        // it does not speak TLS at all (an https:// address for a plain http:// server).
        return authentication?.Message.Contains("certificate", StringComparison.OrdinalIgnoreCase) == true
            ? new(ProviderErrorKind.TlsFailure, "The secure connection failed: the server's certificate is not trusted or does not match.")
            : new(ProviderErrorKind.TlsFailure,
                "The secure connection failed: the server did not answer with TLS. Should the address start with http:// rather than https://?");
    }

    private static ProviderError? Connection(List<Exception> chain, ProviderConnection connection)
    {
        var socket = chain.OfType<SocketException>().FirstOrDefault()?.SocketErrorCode;
        var requestError = chain.OfType<HttpRequestException>().Select(e => e.HttpRequestError)
            .FirstOrDefault(e => e != HttpRequestError.Unknown);
        var host = connection.BaseUrl.Host;
        if (requestError == HttpRequestError.NameResolutionError || socket is SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain)
        {
            return new(ProviderErrorKind.DnsFailure, $"The host name “{host}” could not be found.");
        }
        if (socket == SocketError.ConnectionRefused)
        {
            return new(ProviderErrorKind.ConnectionRefused,
                $"Nothing is listening at {host}:{connection.BaseUrl.Port}. Is the model server running?");
        }
        if (socket is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown)
        {
            return ConnectionLost;
        }
        if (requestError == HttpRequestError.ConnectionError || socket is not null)
        {
            return new(ProviderErrorKind.ConnectionRefused,
                $"Could not connect to {host}:{connection.BaseUrl.Port}. Check the address and that the server is reachable from here.");
        }
        return null;
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        var pending = new Queue<Exception>([exception]);
        while (pending.TryDequeue(out var next))
        {
            yield return next;
            if (next is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Enqueue(inner);
                }
            }
            else if (next.InnerException is { } inner)
            {
                pending.Enqueue(inner);
            }
        }
    }

    private static string Seconds(TimeSpan wait) =>
        ProviderTimeoutException.Seconds(TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(wait.TotalSeconds))));

    private static string Shorten(string text) =>
        text.Length <= MaxServerMessageChars ? text : string.Concat(text.AsSpan(0, MaxServerMessageChars), "…");

    /// <summary>
    /// The server's message quoted, on one line and shortened, or null when it gave none. Pages show it as text
    /// (Razor encodes it). The key is redacted before shortening, which could otherwise leave part of it.
    /// </summary>
    private static string? ServerWords(string? serverMessage, ProviderConnection connection)
    {
        if (string.IsNullOrWhiteSpace(serverMessage))
        {
            return null;
        }
        var redacted = Redact(serverMessage, connection.ApiKey);
        var oneLine = string.Join(' ', redacted.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var clean = new string(oneLine.Where(c => !char.IsControl(c)).ToArray());
        return $"“{Shorten(clean)}”";
    }

    /// <summary>Servers sometimes echo what they were sent; the key must not reach a page or a log that way.</summary>
    private static string Redact(string message, string? apiKey) =>
        string.IsNullOrEmpty(apiKey) ? message : message.Replace(apiKey, "[API key]", StringComparison.Ordinal);
}

using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace LlmPages.Llm;

/// <summary>
/// Turns an error response from a model server into a <see cref="ProviderHttpException"/> before an SDK sees it.
/// Every SDK reports HTTP errors its own way and some drop the headers; doing it once, here, keeps
/// <c>Retry-After</c> and lets one mapper explain them all.
/// </summary>
public sealed class ProviderStatusHandler(TimeProvider clock) : DelegatingHandler
{
    private const int MaxErrorBodyChars = 4096;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            if ((int)response.StatusCode is >= 300 and < 400)
            {
                throw new ProviderRedirectException(response.StatusCode, RedirectTarget(request, response));
            }
            var retryAfter = ParseRetryAfter(response.Headers, clock.GetUtcNow());
            var message = await ReadServerMessageAsync(response, cancellationToken);
            throw new ProviderHttpException(response.StatusCode, retryAfter, message);
        }
    }

    /// <summary>The redirect's <c>Location</c>, made absolute against the request's address.</summary>
    private static Uri? RedirectTarget(HttpRequestMessage request, HttpResponseMessage response) =>
        response.Headers.Location switch
        {
            null => null,
            { IsAbsoluteUri: true } absolute => absolute,
            { } relative when request.RequestUri is { IsAbsoluteUri: true } from => new Uri(from, relative),
            { } relative => relative,
        };

    /// <summary>
    /// <c>retry-after-ms</c> (OpenAI), else <c>Retry-After</c> as seconds or as an HTTP date.
    /// </summary>
    public static TimeSpan? ParseRetryAfter(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (headers.TryGetValues("retry-after-ms", out var ms)
            && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds)
            && milliseconds >= 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }
        return headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
            _ => null,
        };
    }

    /// <summary>
    /// The message in the error JSON (<see cref="ServerErrorJson"/>). Other bodies (an HTML 404 page from a proxy,
    /// a web framework's <c>{"detail":"Not Found"}</c>) give none: they mean nothing answers at that address.
    /// </summary>
    private static async Task<string?> ReadServerMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (body.Length > MaxErrorBodyChars)
            {
                body = body[..MaxErrorBodyChars];
            }
            using var json = JsonDocument.Parse(body);
            return ServerErrorJson.TryRead(json.RootElement, out var message, out _) ? message : null;
        }
        catch (Exception e) when (e is JsonException or HttpRequestException or IOException)
        {
            return null;
        }
    }
}

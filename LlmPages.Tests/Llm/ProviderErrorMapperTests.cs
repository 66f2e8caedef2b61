using System.Net;
using System.Net.Http.Headers;
using LlmPages.Data.Entities;
using LlmPages.Llm;

namespace LlmPages.Tests.Llm;

[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
public sealed class ProviderErrorMapperTests
{
    private const string Key = "sk-secret-key-0123456789abcdef";

    private static readonly ProviderConnection Connection = new(ProviderKind.OpenAiCompatible, new Uri("http://127.0.0.1:8080/v1"), Key);

    [Fact]
    public void RetryAfterIsReadAsSecondsAsAnHttpDateOrInMilliseconds()
    {
        var now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(30), ProviderStatusHandler.ParseRetryAfter(Headers(("Retry-After", "30")), now));
        Assert.Equal(TimeSpan.FromSeconds(90),
            ProviderStatusHandler.ParseRetryAfter(Headers(("Retry-After", now.AddSeconds(90).ToString("R"))), now));
        Assert.Equal(TimeSpan.FromMilliseconds(1500),
            ProviderStatusHandler.ParseRetryAfter(Headers(("retry-after-ms", "1500"), ("Retry-After", "2")), now));
        Assert.Null(ProviderStatusHandler.ParseRetryAfter(Headers(), now));
    }

    [Fact]
    public void AWaitUnderASecondIsRoundedUpToOneSecond()
    {
        var error = ProviderErrorMapper.Map(new ProviderHttpException(HttpStatusCode.TooManyRequests, TimeSpan.FromMilliseconds(200), null), Connection);

        Assert.Equal("The server is rate limiting requests. Try again in 1 second.", error.Message);
    }

    [Fact]
    public void ARateLimitWithoutAWaitSaysToTryLater()
    {
        var error = ProviderErrorMapper.Map(new ProviderHttpException(HttpStatusCode.TooManyRequests, null, null), Connection);

        Assert.Equal(ProviderErrorKind.RateLimited, error.Kind);
        Assert.Equal("The server is rate limiting requests. Try again in a little while.", error.Message);
    }

    [Fact]
    public void AServerThatEchoesTheKeyDoesNotGetItIntoTheMessage()
    {
        var echo = new ProviderHttpException(HttpStatusCode.BadRequest, null, $"Invalid request: key {Key} is malformed");

        var error = ProviderErrorMapper.Map(echo, Connection);

        Assert.Equal(ProviderErrorKind.Other, error.Kind);
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
        Assert.Equal("The server answered 400 Bad Request: “Invalid request: key [API key] is malformed”.", error.Message);
    }

    [Fact]
    public void AKeyEchoedAtTheEndOfALongMessageIsRedactedBeforeTheMessageIsShortened()
    {
        var echo = new ProviderHttpException(HttpStatusCode.BadRequest, null, new string('x', 290) + Key);

        var error = ProviderErrorMapper.Map(echo, Connection);

        Assert.DoesNotContain(Key[..10], error.Message, StringComparison.Ordinal);
        Assert.Contains("[API key]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AServersWordsAreShownOnOneLineAndShortened()
    {
        var chatty = new ProviderHttpException(HttpStatusCode.NotFound, null, "Model listing\n\tis disabled. " + new string('z', 1000));

        var error = ProviderErrorMapper.Map(chatty, Connection);

        Assert.StartsWith("The server answered 404 Not Found: “Model listing is disabled. zzz", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("…”.", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 400, error.Message);
    }

    [Fact]
    public void AForbiddenWithTheServersReasonQuotesItAndWithoutOneExplainsTheUsualCause()
    {
        var said = ProviderErrorMapper.Map(new ProviderHttpException(HttpStatusCode.Forbidden, null, "Region not supported"), Connection);
        var bare = ProviderErrorMapper.Map(new ProviderHttpException(HttpStatusCode.Forbidden, null, null), Connection);

        Assert.Equal("The server refused access (403 Forbidden): “Region not supported”.", said.Message);
        Assert.StartsWith("The server refused access: the API key is not allowed", bare.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AServerErrorWithoutWordsGivesItsStatus()
    {
        var error = ProviderErrorMapper.Map(new ProviderHttpException(HttpStatusCode.BadGateway, null, null), Connection);

        Assert.Equal(ProviderErrorKind.ServerError, error.Kind);
        Assert.Equal("The server had an internal error (HTTP 502).", error.Message);
    }

    [Fact]
    public void A404WhoseWordsNameNoModelIsTheServersRefusalNotAnUnknownModel()
    {
        var error = ProviderErrorMapper.Map(new ProviderHttpException(HttpStatusCode.NotFound, null, "route disabled by policy"), Connection, "gpt-4o");

        Assert.Equal(ProviderErrorKind.BadResponse, error.Kind);
        Assert.Equal("The server answered 404 Not Found: “route disabled by policy”.", error.Message);
    }

    [Fact]
    public void ABare404ForAModelMeansAWrongAddressNotAnUnknownModel()
    {
        var error = ProviderErrorMapper.Map(new ProviderHttpException(HttpStatusCode.NotFound, null, null), Connection, "gpt-4o");

        Assert.Equal(ProviderErrorKind.BadResponse, error.Kind);
        Assert.StartsWith("Nothing answers at this address.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnSdkExceptionWrappingTheRealCauseIsExplainedByTheCause()
    {
        var wrapped = new InvalidOperationException("SDK failure",
            new AggregateException(new ProviderHttpException(HttpStatusCode.Forbidden, null, null)));

        Assert.Equal(ProviderErrorKind.Forbidden, ProviderErrorMapper.Map(wrapped, Connection).Kind);
    }

    private static HttpResponseHeaders Headers(params (string Name, string Value)[] headers)
    {
        using var response = new HttpResponseMessage();
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }
        return response.Headers;
    }
}

using LlmPages.Data.Entities;
using LlmPages.Llm;
using LlmPages.Tests.Infrastructure.FakeModels;
using Microsoft.Extensions.AI;

namespace LlmPages.Tests.Llm;

/// <summary>
/// How a reply fails while it streams: our timeouts, a dropped connection, an error status, an error the server
/// sends inside the stream.
/// </summary>
[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
public sealed class StreamingFailureTests : IDisposable
{
    private const string Key = "sk-secret-key-0123456789abcdef";

    private readonly LlmServices services = new();

    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    private static readonly ChatMessage[] Question = [new(ChatRole.User, "Say hello")];

    [Theory]
    [MemberData(nameof(LlmServices.Kinds), MemberType = typeof(LlmServices))]
    public async Task AServerThatNeverStartsTheReplyTimesOutAfterTheFirstTokenTimeout(ProviderKind kind)
    {
        await using var server = await LlmServices.StartFakeAsync(kind);
        server.Script.FirstTokenDelay = FakeScript.Forever;
        using var impatient = new LlmServices(firstTokenTimeout: Short);
        var client = impatient.ClientFor(kind, server);

        var (texts, failure) = await StreamAsync(client);

        Assert.Empty(texts);
        var timeout = Assert.IsType<ProviderTimeoutException>(failure);
        Assert.False(timeout.MidStream);
        Assert.Equal(ProviderErrorKind.Timeout, timeout.Error.Kind);
        Assert.Equal("The server did not answer within 0.3 seconds.", timeout.Error.Message);
    }

    [Theory]
    [MemberData(nameof(LlmServices.Kinds), MemberType = typeof(LlmServices))]
    public async Task AServerThatGoesQuietMidReplyTimesOutAfterTheIdleTimeoutKeepingWhatCame(ProviderKind kind)
    {
        await using var server = await LlmServices.StartFakeAsync(kind);
        server.Script.Tokens = ["One", " two", " three"];
        server.Script.TokenDelay = FakeScript.Forever;
        using var impatient = new LlmServices(idleTimeout: Short);
        var client = impatient.ClientFor(kind, server);

        var (texts, failure) = await StreamAsync(client);

        Assert.Equal(["One"], texts);
        var timeout = Assert.IsType<ProviderTimeoutException>(failure);
        Assert.True(timeout.MidStream);
        Assert.Equal("The server stopped sending the reply for 0.3 seconds.", timeout.Error.Message);
    }

    [Theory]
    [MemberData(nameof(LlmServices.Kinds), MemberType = typeof(LlmServices))]
    public async Task SlowButSteadyTokensDoNotTimeOut(ProviderKind kind)
    {
        await using var server = await LlmServices.StartFakeAsync(kind);
        // Longer in total than the idle timeout, but no single wait comes close to it (wide margins: a loaded
        // CI machine can pause a process for a few hundred milliseconds).
        server.Script.Tokens = ["a", "b", "c", "d", "e", "f", "g", "h"];
        server.Script.FirstTokenDelay = TimeSpan.FromMilliseconds(350);
        server.Script.TokenDelay = TimeSpan.FromMilliseconds(350);
        using var impatient = new LlmServices(idleTimeout: TimeSpan.FromMilliseconds(2500));
        var client = impatient.ClientFor(kind, server);

        var (texts, failure) = await StreamAsync(client);

        Assert.Null(failure);
        Assert.Equal(["a", "b", "c", "d", "e", "f", "g", "h"], texts);
    }

    [Theory]
    [MemberData(nameof(LlmServices.Kinds), MemberType = typeof(LlmServices))]
    public async Task ADroppedConnectionEndsTheReplyWithAClearErrorAfterTheTokensThatCame(ProviderKind kind)
    {
        await using var server = await LlmServices.StartFakeAsync(kind);
        server.Script.Tokens = ["One", " two", " three", " four"];
        server.Script.DropAfterTokens = 2;
        var client = services.ClientFor(kind, server);

        var (texts, failure) = await StreamAsync(client);

        Assert.Equal(["One", " two"], texts);
        var error = Assert.IsType<ProviderException>(failure).Error;
        Assert.Equal(ProviderErrorKind.BadResponse, error.Kind);
        Assert.Equal("The server closed the connection before the reply was complete.", error.Message);
    }

    [Theory]
    [MemberData(nameof(LlmServices.Kinds), MemberType = typeof(LlmServices))]
    public async Task AnErrorTheServerSendsInsideTheStreamFailsTheReplyInItsWordsAfterTheTextThatCame(ProviderKind kind)
    {
        await using var server = await LlmServices.StartFakeAsync(kind);
        server.Script.Tokens = ["One", " two", " three"];
        server.Script.StreamError = new FakeStreamError(AfterTokens: 2, "Upstream model overloaded");
        var client = services.ClientFor(kind, server);

        var (texts, failure) = await StreamAsync(client);

        Assert.Equal(["One", " two"], texts);
        var error = Assert.IsType<ProviderException>(failure).Error;
        Assert.Equal(ProviderErrorKind.ServerError, error.Kind);
        Assert.Equal("The server stopped the reply with an error: “Upstream model overloaded”.", error.Message);
    }

    [Theory]
    [MemberData(nameof(LlmServices.Kinds), MemberType = typeof(LlmServices))]
    public async Task AnErrorAsTheStreamsFirstEventFailsTheReplyInTheServersWords(ProviderKind kind)
    {
        await using var server = await LlmServices.StartFakeAsync(kind);
        server.Script.StreamError = new FakeStreamError(AfterTokens: 0, "No capacity for this model");
        var client = services.ClientFor(kind, server);

        var (texts, failure) = await StreamAsync(client);

        Assert.Empty(texts);
        Assert.Equal("The server stopped the reply with an error: “No capacity for this model”.",
            Assert.IsType<ProviderException>(failure).Error.Message);
    }

    [Fact]
    public async Task OpenRoutersErrorChunkIsExplainedInTheServersWordsNotAsAnUnknownFinishReason()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.StreamErrorsLikeOpenRouter = true;
        server.Script.Tokens = ["One", " two", " three"];
        server.Script.StreamError = new FakeStreamError(AfterTokens: 1, "Provider disconnected unexpectedly");
        var client = services.ClientFor(ProviderKind.OpenAiCompatible, server);

        var (texts, failure) = await StreamAsync(client);

        Assert.Equal(["One"], texts);
        Assert.Equal("The server stopped the reply with an error: “Provider disconnected unexpectedly”.",
            Assert.IsType<ProviderException>(failure).Error.Message);
    }

    [Theory]
    [MemberData(nameof(LlmServices.Kinds), MemberType = typeof(LlmServices))]
    public async Task AKeyTheServerEchoesInsideTheStreamIsNotRepeated(ProviderKind kind)
    {
        await using var server = await LlmServices.StartFakeAsync(kind);
        server.Script.StreamError = new FakeStreamError(AfterTokens: 1, $"Quota exceeded for {Key}");
        var client = services.ClientFor(kind, server, apiKey: Key);

        var (_, failure) = await StreamAsync(client);

        Assert.Equal("The server stopped the reply with an error: “Quota exceeded for [API key]”.",
            Assert.IsType<ProviderException>(failure).Error.Message);
    }

    [Theory]
    [MemberData(nameof(LlmServices.Kinds), MemberType = typeof(LlmServices))]
    public async Task AnUnknownModelIsNamedInTheError(ProviderKind kind)
    {
        await using var server = await LlmServices.StartFakeAsync(kind);
        var client = services.ClientFor(kind, server, model: "no-such-model");

        var (_, failure) = await StreamAsync(client);

        var error = Assert.IsType<ProviderException>(failure).Error;
        Assert.Equal(ProviderErrorKind.UnknownModel, error.Kind);
        Assert.Equal("The server does not know the model “no-such-model”.", error.Message);
    }

    [Theory]
    [MemberData(nameof(LlmServices.Kinds), MemberType = typeof(LlmServices))]
    public async Task AWrongKeyFailsTheReplyWithoutShowingTheKey(ProviderKind kind)
    {
        await using var server = await LlmServices.StartFakeAsync(kind);
        server.Script.ExpectedApiKey = "the-right-key-0123456789";
        var client = services.ClientFor(kind, server, apiKey: Key);

        var (_, failure) = await StreamAsync(client);

        var error = Assert.IsType<ProviderException>(failure).Error;
        Assert.Equal(ProviderErrorKind.WrongKey, error.Kind);
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(LlmServices.Kinds), MemberType = typeof(LlmServices))]
    public async Task RateLimitingAReplyIsReportedWithTheTimeToWait(ProviderKind kind)
    {
        await using var server = await LlmServices.StartFakeAsync(kind);
        server.Script.FailWithStatus = 429;
        server.Script.RetryAfter = TimeSpan.FromSeconds(3);
        var client = services.ClientFor(kind, server);

        var failure = await Record.ExceptionAsync(() => client.GetResponseAsync(Question));

        var error = Assert.IsType<ProviderException>(failure).Error;
        Assert.Equal(ProviderErrorKind.RateLimited, error.Kind);
        Assert.Equal("The server is rate limiting requests. Try again in 3 seconds.", error.Message);
        Assert.Single(server.Requests); // not retried
    }

    [Theory]
    [MemberData(nameof(LlmServices.Kinds), MemberType = typeof(LlmServices))]
    public async Task AReplyThatDoesNotStreamTimesOutAfterTheRequestTimeout(ProviderKind kind)
    {
        await using var server = await LlmServices.StartFakeAsync(kind);
        server.Script.FirstTokenDelay = FakeScript.Forever;
        using var impatient = new LlmServices(requestTimeout: Short);
        var client = impatient.ClientFor(kind, server);

        var failure = await Record.ExceptionAsync(() => client.GetResponseAsync(Question));

        Assert.Equal("The server did not answer within 0.3 seconds.", Assert.IsType<ProviderTimeoutException>(failure).Message);
    }

    [Theory]
    [MemberData(nameof(LlmServices.Kinds), MemberType = typeof(LlmServices))]
    public async Task StoppingAReplyIsACancellationNotAnError(ProviderKind kind)
    {
        await using var server = await LlmServices.StartFakeAsync(kind);
        server.Script.Tokens = ["One", " two", " three"];
        server.Script.TokenDelay = TimeSpan.FromSeconds(10);
        var client = services.ClientFor(kind, server);
        using var stop = new CancellationTokenSource();

        var failure = await Record.ExceptionAsync(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Question, cancellationToken: stop.Token))
            {
                if (update.Text.Length > 0)
                {
                    await stop.CancelAsync();
                }
            }
        });

        Assert.IsAssignableFrom<OperationCanceledException>(failure);
    }

    /// <summary>Streams a reply, keeping the text pieces that came and whatever ended it early.</summary>
    private static async Task<(List<string> Texts, Exception? Failure)> StreamAsync(IChatClient client)
    {
        var texts = new List<string>();
        try
        {
            await foreach (var update in client.GetStreamingResponseAsync(Question))
            {
                if (update.Text.Length > 0)
                {
                    texts.Add(update.Text);
                }
            }
            return (texts, null);
        }
        catch (Exception e)
        {
            return (texts, e);
        }
    }

    public void Dispose() => services.Dispose();
}

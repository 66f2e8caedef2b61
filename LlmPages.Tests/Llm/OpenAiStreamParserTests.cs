using System.Net;
using System.Text;
using LlmPages.Data.Entities;
using LlmPages.Llm;
using LlmPages.Tests.Infrastructure.FakeModels;
using Microsoft.Extensions.AI;

namespace LlmPages.Tests.Llm;

/// <summary>
/// LlmPages' own reader of OpenAI-compatible streams (<see cref="OpenAiStreamingChatClient"/>): the same reply
/// whatever way the server's bytes are cut, whatever line ends, comments and optional fields it uses, and calls it
/// does not write handed to the SDK. Failures (errors mid-stream, dropped connections, timeouts, statuses) are in
/// <see cref="StreamingFailureTests"/>, which run against it too.
/// </summary>
[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
public sealed class OpenAiStreamParserTests : IDisposable
{
    private readonly LlmServices services = new();

    private static readonly ChatMessage[] Question = [new(ChatRole.User, "Say hello")];

    /// <summary>A whole reply: a role, text with escapes and characters of two to four UTF-8 bytes, the end, the usage.</summary>
    private const string Reply =
        "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"fake-model\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Caf\u00e9 \"},\"finish_reason\":null}],\"usage\":null}\n\n"
        + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"fake-model\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\u20ac\ud83d\ude00 \\\"q\\\"\\n\\u00e9\"},\"finish_reason\":null}]}\n\n"
        + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"fake-model\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}\n\n"
        + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"fake-model\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12,\"prompt_tokens_details\":{\"cached_tokens\":2}}}\n\n"
        + "data: [DONE]\n\n";

    private static readonly Heard Expected = new(["Caf\u00e9 ", "\u20ac\ud83d\ude00 \"q\"\n\u00e9"], ChatFinishReason.Length, 9, 3, 2, "fake-model", "c1");

    [Fact]
    public async Task AReplyCutAtEveryByteReadsTheSameAsAWholeOne()
    {
        await AssertReadTheSameHoweverCutAsync(Reply, Expected);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    [InlineData("\n")]
    public async Task EveryLineEndServersUseReadsTheSame(string lineEnd)
    {
        await using var server = await FakeRawStreamServer.StartAsync();
        server.Pieces = [Reply.Replace("\n", lineEnd, StringComparison.Ordinal)];

        Assert.Equal(Expected, await HearAsync(server));
    }

    [Fact]
    public async Task CommentsAndKeepAlivesBetweenEventsAreIgnored()
    {
        await using var server = await FakeRawStreamServer.StartAsync();
        var events = Reply.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        // OpenRouter sends ": OPENROUTER PROCESSING" while a model thinks; proxies send bare keep-alive comments.
        server.Pieces = [": OPENROUTER PROCESSING\n\n", ":\n\n", .. events.Select(e => e + "\n\n: keep-alive\n\n")];

        Assert.Equal(Expected, await HearAsync(server));
    }

    [Fact]
    public async Task AChunkWrittenOverSeveralDataLinesIsReadAsOne()
    {
        await using var server = await FakeRawStreamServer.StartAsync();
        server.Pieces =
        [
            "data: {\"id\":\"c1\",\"model\":\"fake-model\",\n"
            + "data:  \"choices\":[{\"index\":0,\n"
            + "data: \"delta\":{\"content\":\"Two lines\"}}]}\n\n",
            "data: [DONE]\n\n",
        ];

        Assert.Equal(["Two lines"], (await HearAsync(server)).Texts);
    }

    [Fact]
    public async Task ChunksThatLeaveOutOptionalFieldsAreRead()
    {
        await using var server = await FakeRawStreamServer.StartAsync();
        server.Pieces =
        [
            "data: {\"choices\":[{\"delta\":{\"content\":\"Bare\"}}]}\n\n",
            "data: {\"choices\":[{\"delta\":{\"content\":null},\"finish_reason\":\"stop\",\"logprobs\":null}],\"system_fingerprint\":\"x\",\"extra\":{\"a\":[1,2]}}\n\n",
            "data: [DONE]\n\n",
        ];

        var heard = await HearAsync(server);

        Assert.Equal(["Bare"], heard.Texts);
        Assert.Equal(ChatFinishReason.Stop, heard.FinishReason);
        Assert.Null(heard.InputTokens);
    }

    [Fact]
    public async Task AUsageChunkWithNoChoicesGivesTheCounts()
    {
        await using var server = await FakeRawStreamServer.StartAsync();
        server.Pieces =
        [
            "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}\n\n",
            "data: {\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":21,\"completion_tokens\":1,\"total_tokens\":22}}\n\n",
            "data: [DONE]\n\n",
        ];

        var heard = await HearAsync(server);

        Assert.Equal((21L, 1L), (heard.InputTokens, heard.OutputTokens));
    }

    [Fact]
    public async Task AServerThatEndsWithoutDoneEndsTheReplyWithWhatCame()
    {
        await using var server = await FakeRawStreamServer.StartAsync();
        server.Pieces = [Reply.Replace("data: [DONE]\n\n", "", StringComparison.Ordinal)];

        Assert.Equal(Expected, await HearAsync(server));
    }

    [Fact]
    public async Task DoneEndsTheReplyEvenWhenTheServerKeepsTheConnectionOpen()
    {
        await using var server = await FakeRawStreamServer.StartAsync();
        server.Pieces = [Reply];
        server.StayOpen = true;

        Assert.Equal(Expected, await HearAsync(server).WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task AFinishReasonTheSdkDoesNotKnowIsKeptRatherThanFailingTheReply()
    {
        await using var server = await FakeRawStreamServer.StartAsync();
        server.Pieces =
        [
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Done\"},\"finish_reason\":\"eos\"}]}\n\n",
            "data: [DONE]\n\n",
        ];

        var heard = await HearAsync(server);

        Assert.Equal(["Done"], heard.Texts);
        Assert.Equal(new ChatFinishReason("eos"), heard.FinishReason);
    }

    [Fact]
    public async Task AnErrorChunkServedAsPlainJsonFailsTheReplyInTheServersWords()
    {
        // Not text/event-stream, so StreamErrorHandler does not watch it: the chunk reader must see the error itself.
        await using var server = await FakeRawStreamServer.StartAsync();
        server.ContentType = "application/json";
        server.Pieces =
        [
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"One\"}}]}\n\n",
            "data: {\"error\":{\"message\":\"Upstream model overloaded\",\"type\":\"server_error\"}}\n\n",
            "data: [DONE]\n\n",
        ];
        var client = services.ClientFor(ProviderKind.OpenAiCompatible, server);

        var texts = new List<string>();
        var failure = await Record.ExceptionAsync(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Question))
            {
                texts.Add(update.Text);
            }
        });

        Assert.Equal(["One"], texts);
        var error = Assert.IsType<ProviderException>(failure).Error;
        Assert.Equal(ProviderErrorKind.ServerError, error.Kind);
        Assert.Equal("The server stopped the reply with an error: “Upstream model overloaded”.", error.Message);
    }

    [Fact]
    public async Task AChunkThatIsNotJsonIsABadResponse()
    {
        await using var server = await FakeRawStreamServer.StartAsync();
        server.Pieces = ["data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"One\"}}]}\n\n", "data: <html>Bad gateway</html>\n\n"];
        var client = services.ClientFor(ProviderKind.OpenAiCompatible, server);

        var failure = await Record.ExceptionAsync(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync(Question))
            {
            }
        });

        Assert.Equal(ProviderErrorKind.BadResponse, Assert.IsType<ProviderException>(failure).Error.Kind);
    }

    [Fact]
    public async Task TheSamplingSettingsReachTheServer()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var client = services.ClientFor(ProviderKind.OpenAiCompatible, server);

        await foreach (var _ in client.GetStreamingResponseAsync([new(ChatRole.System, "Be brief."), .. Question], new ChatOptions
        {
            Temperature = 0.5f,
            TopP = 0.25f,
            FrequencyPenalty = 0.75f,
            PresencePenalty = -1f,
            Seed = 42,
            StopSequences = ["END", "STOP"],
        }))
        {
        }

        var body = server.LastRequest("/chat/completions").Body!;
        Assert.Equal("""[{"role":"system","content":"Be brief."},{"role":"user","content":"Say hello"}]""", body["messages"]!.ToJsonString());
        Assert.Equal((0.5, 0.25, 0.75, -1.0, 42L), (body["temperature"]!.GetValue<double>(), body["top_p"]!.GetValue<double>(),
            body["frequency_penalty"]!.GetValue<double>(), body["presence_penalty"]!.GetValue<double>(), body["seed"]!.GetValue<long>()));
        Assert.Equal("""["END","STOP"]""", body["stop"]!.ToJsonString());
    }

    [Fact]
    public async Task AStreamedRequestCarriesTheKeyAndNamesItsClient()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Script.ExpectedApiKey = "sk-test-1234567890";
        var client = services.ClientFor(ProviderKind.OpenAiCompatible, server, apiKey: "sk-test-1234567890");

        await foreach (var _ in client.GetStreamingResponseAsync(Question))
        {
        }

        var request = server.LastRequest("/chat/completions");
        Assert.Equal("Bearer sk-test-1234567890", request.Header("Authorization"));
        Assert.Equal("LlmPages", request.Header("User-Agent"));
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
    }

    /// <summary>The whole reply as a server that ignores <c>"stream": true</c> sends it: one chat.completion.</summary>
    private const string WholeCompletion =
        "\n  {\"id\":\"c2\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"fake-model\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":\"Caf\u00e9 \u20ac\ud83d\ude00 all at once\"},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":6,\"total_tokens\":15}}\n";

    [Fact]
    public async Task AServerThatDoesNotStreamGivesItsWholeReplyAsOneUpdateHoweverItsBytesAreCut()
    {
        var expected = new Heard(["Caf\u00e9 \u20ac\ud83d\ude00 all at once"], ChatFinishReason.Stop, 9, 6, null, "fake-model", "c2");
        await AssertReadTheSameHoweverCutAsync(WholeCompletion, expected);
    }

    [Fact]
    public async Task AServerThatDoesNotStreamIsReadOverHttpAndItsErrorAnswerFailsTheReplyInItsWords()
    {
        await using var server = await FakeRawStreamServer.StartAsync();
        server.ContentType = "application/json";
        server.Pieces = [WholeCompletion];
        Assert.Equal(["Caf\u00e9 \u20ac\ud83d\ude00 all at once"], (await HearAsync(server)).Texts);

        server.Pieces = ["{\"error\":{\"message\":\"Model is loading\",\"type\":\"server_error\"}}"];
        var failure = await Record.ExceptionAsync(() => HearAsync(server));
        var error = Assert.IsType<ProviderException>(failure).Error;
        Assert.Equal("The server stopped the reply with an error: “Model is loading”.", error.Message);
    }

    [Fact]
    public async Task ACallWithContentTheParserDoesNotWriteGoesToTheSdk()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var client = services.ClientFor(ProviderKind.OpenAiCompatible, server);
        var withImage = new ChatMessage(ChatRole.User, [new TextContent("What is this?"), new UriContent(new Uri("https://example.test/cat.png"), "image/png")]);

        var texts = new List<string>();
        await foreach (var update in client.GetStreamingResponseAsync([withImage]))
        {
            texts.Add(update.Text);
        }

        Assert.Equal("Hello, world!", string.Concat(texts));
        // The SDK writes parts; our writer would have written the text alone.
        var content = server.LastRequest("/chat/completions").Body!["messages"]![0]!["content"]!;
        Assert.Contains("https://example.test/cat.png", content.ToJsonString(), StringComparison.Ordinal);
    }

    /// <summary>What a reader takes from a reply: its texts, finish reason, usage, model and id.</summary>
    private sealed record Heard(List<string> Texts, ChatFinishReason? FinishReason, long? InputTokens, long? OutputTokens, long? CachedTokens, string? Model, string? Id)
    {
        public bool Equals(Heard? other) => other is not null && Texts.SequenceEqual(other.Texts) && FinishReason == other.FinishReason
            && (InputTokens, OutputTokens, CachedTokens, Model, Id) == (other.InputTokens, other.OutputTokens, other.CachedTokens, other.Model, other.Id);

        public override int GetHashCode() => Texts.Count;

        public override string ToString() => $"[{string.Join("|", Texts)}] {FinishReason} {InputTokens}/{OutputTokens}/{CachedTokens} {Model} {Id}";
    }

    private async Task<Heard> HearAsync(FakeModelServer server) => await HearAsync(services.ClientFor(ProviderKind.OpenAiCompatible, server));

    private static async Task<Heard> HearAsync(IChatClient client)
    {
        var texts = new List<string>();
        ChatFinishReason? finish = null;
        UsageDetails? usage = null;
        string? model = null;
        string? id = null;
        await foreach (var update in client.GetStreamingResponseAsync(Question))
        {
            if (update.Text.Length > 0)
            {
                texts.Add(update.Text);
            }
            finish = update.FinishReason ?? finish;
            usage = update.Contents.OfType<UsageContent>().LastOrDefault()?.Details ?? usage;
            model ??= update.ModelId;
            id ??= update.ResponseId;
        }
        return new Heard(texts, finish, usage?.InputTokenCount, usage?.OutputTokenCount, usage?.CachedInputTokenCount, model, id);
    }

    /// <summary>The body read whole, cut in two after every byte, and one byte at a time, is heard as <paramref name="expected"/>.</summary>
    private static async Task AssertReadTheSameHoweverCutAsync(string body, Heard expected)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        Assert.Equal(expected, await ReadInPiecesAsync([bytes]));
        for (var cut = 1; cut < bytes.Length; cut++)
        {
            var heard = await ReadInPiecesAsync([bytes[..cut], bytes[cut..]]);
            Assert.True(expected == heard, $"Cut after byte {cut}: {heard}");
        }
        Assert.Equal(expected, await ReadInPiecesAsync([.. bytes.Select(b => new[] { b })]));
    }

    /// <summary>
    /// The reply read through the parser from a body whose reads return exactly these pieces: a read never spans two
    /// pieces, so every cut is seen by the parser as it is, whatever the network would have merged.
    /// </summary>
    private static async Task<Heard> ReadInPiecesAsync(byte[][] pieces)
    {
        using var http = new HttpClient(new PiecesHandler(pieces));
        var baseUrl = new Uri("http://model.test/v1");
        using var sdk = new EmptyClient();
        using var client = new OpenAiStreamingChatClient(sdk, http, new ProviderConnection(ProviderKind.OpenAiCompatible, baseUrl, null), "fake-model");
        return await HearAsync(client);
    }

    /// <summary>Answers with the pieces as an event stream; the body's reads return one piece (or less) at a time.</summary>
    private sealed class PiecesHandler(byte[][] pieces) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new StreamContent(new PiecesStream(pieces));
            content.Headers.ContentType = new("text/event-stream");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        }
    }

    private sealed class PiecesStream(byte[][] pieces) : Stream
    {
        private int piece;
        private int offset;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            while (piece < pieces.Length && offset == pieces[piece].Length)
            {
                piece++;
                offset = 0;
            }
            if (piece == pieces.Length)
            {
                return 0;
            }
            var n = Math.Min(buffer.Length, pieces[piece].Length - offset);
            pieces[piece].AsSpan(offset, n).CopyTo(buffer);
            offset += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Stands for the SDK underneath, which these calls must never reach.</summary>
    private sealed class EmptyClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The SDK was called.");

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The SDK was called.");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    public void Dispose() => services.Dispose();
}

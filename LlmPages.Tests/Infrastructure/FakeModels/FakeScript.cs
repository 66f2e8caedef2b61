namespace LlmPages.Tests.Infrastructure.FakeModels;

/// <summary>
/// What a fake model server does, set by a test before (or between) requests. The same script drives every wire
/// protocol, so one test can be run against OpenAI, Ollama and Anthropic alike.
/// </summary>
public sealed class FakeScript
{
    /// <summary>A delay that never ends: the server stalls until the client gives up.</summary>
    public static readonly TimeSpan Forever = Timeout.InfiniteTimeSpan;

    /// <summary>The pieces of the reply, streamed one per chunk and joined when not streaming.</summary>
    public List<string> Tokens { get; set; } = ["Hello", ",", " world", "!"];

    /// <summary>
    /// Before the first token of a stream (after the response headers), or before a whole answer that does not
    /// stream (a reply or a model list).
    /// </summary>
    public TimeSpan FirstTokenDelay { get; set; }

    /// <summary>
    /// When set, a stream waits for this task before its first token (after the response headers): a test holds
    /// the reply until it has seen what it needs to see while the reply is being written, with no timing involved.
    /// </summary>
    public Task? HoldBeforeFirstToken { get; set; }

    /// <summary>
    /// When set, a stream waits for this task after its first token: a test sees what is made of a reply that has
    /// begun (what is saved, what readers get) before the rest comes, with no timing involved.
    /// </summary>
    public Task? HoldAfterFirstToken { get; set; }

    /// <summary>
    /// When set, a stream of two tokens or more waits for this task before its last token: the reply is certainly still
    /// being written until the test lets it end.
    /// </summary>
    public Task? HoldBeforeLastToken { get; set; }

    /// <summary>Between two tokens of a stream.</summary>
    public TimeSpan TokenDelay { get; set; }

    /// <summary>Reported token counts; null sends none (where the protocol allows).</summary>
    public FakeUsage? Usage { get; set; } = new(12, 4);

    /// <summary>The models the server lists; asking for any other model gets the protocol's 404.</summary>
    public List<FakeModel> Models { get; set; } = [new("fake-model", "Fake Model")];

    /// <summary>When set, requests without exactly this key get the protocol's 401.</summary>
    public string? ExpectedApiKey { get; set; }

    /// <summary>When set, every request is answered with this status in the protocol's error shape (429, 500...).</summary>
    public int? FailWithStatus { get; set; }

    /// <summary>Sent as <c>Retry-After</c> (whole seconds) with <see cref="FailWithStatus"/>.</summary>
    public TimeSpan? RetryAfter { get; set; }

    /// <summary>Replaces the protocol's usual error message in the answers to <see cref="FailWithStatus"/>.</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>When set, a stream is cut (the connection aborted) after this many tokens.</summary>
    public int? DropAfterTokens { get; set; }

    /// <summary>
    /// When set, a stream that has started (status 200) reports an error the protocol's own way after
    /// <see cref="FakeStreamError.AfterTokens"/> tokens, then ends: how OpenRouter, vLLM, Anthropic and Ollama
    /// tell of a failure once the reply is under way.
    /// </summary>
    public FakeStreamError? StreamError { get; set; }

    /// <summary>The whole reply as a non-streamed answer gives it.</summary>
    public string Reply => string.Concat(Tokens);

    public static string WireModel => "fake-model";
}

public sealed record FakeUsage(int InputTokens, int OutputTokens);

/// <summary>An error sent inside a stream, after <paramref name="AfterTokens"/> tokens (0: as the first event).</summary>
public sealed record FakeStreamError(int AfterTokens, string Message);

/// <summary>A listed model; <see cref="ContextWindow"/> is sent where the protocol has a field for it.</summary>
public sealed record FakeModel(string Id, string DisplayName, int? ContextWindow = null);

/// <summary>One request as the fake server received it.</summary>
public sealed record FakeRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, System.Text.Json.Nodes.JsonNode? Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

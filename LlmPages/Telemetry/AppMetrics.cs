using System.Diagnostics.Metrics;
using LlmPages.Chat.Streaming;
using LlmPages.Data.Entities;

namespace LlmPages.Telemetry;

/// <summary>
/// The app's own metrics (meter <see cref="MeterName"/>), recorded where replies start and end (a chat's
/// <see cref="GenerationRunner"/> and the API's <c>ChatCompletions</c> alike), at sign-in and when a job ends. Labels
/// are bounded: the model's display name, where the reply was asked for (<c>chat</c> or <c>api</c>), an outcome;
/// never a person, a chat or any text. With nobody listening (telemetry off) each call is a check of a field.
/// </summary>
public sealed class AppMetrics
{
    public const string MeterName = "LlmPages";

    private readonly Counter<long> repliesStarted;
    private readonly Counter<long> repliesFinished;
    private readonly UpDownCounter<long> repliesActive;
    private readonly Histogram<double> timeToFirstToken;
    private readonly Histogram<double> tokensPerSecond;
    private readonly Counter<long> tokens;
    private readonly Counter<long> jobs;
    private readonly Counter<long> signIns;

    public AppMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        repliesStarted = meter.CreateCounter<long>("llmpages.replies.started", "{reply}", "Replies a model was asked to write.");
        repliesFinished = meter.CreateCounter<long>("llmpages.replies.finished", "{reply}",
            "Replies that ended, by outcome: complete, truncated, stopped, failed, interrupted.");
        repliesActive = meter.CreateUpDownCounter<long>("llmpages.replies.active", "{reply}", "Replies being written now.");
        timeToFirstToken = meter.CreateHistogram("llmpages.reply.time_to_first_token", "s",
            "From asking the model to its first piece of text.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60] });
        tokensPerSecond = meter.CreateHistogram<double>("llmpages.reply.tokens_per_second", unit: null,
            "The writing speed of a reply after its first token.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 35, 50, 75, 100, 150, 200, 400] });
        tokens = meter.CreateCounter<long>("llmpages.tokens", "{token}", "Tokens sent to models (type=input) and written by them (type=output).");
        jobs = meter.CreateCounter<long>("llmpages.jobs.finished", "{job}", "Background jobs that ran, by job and outcome: succeeded, failed, cancelled.");
        signIns = meter.CreateCounter<long>("llmpages.signins", "{attempt}",
            "Sign-ins with a password, by outcome: succeeded, failed, locked_out, not_allowed.");
    }

    /// <summary>A model was asked for a reply; pair with <see cref="ReplyFinished"/>.</summary>
    public void ReplyStarted(string model, ReplySource source)
    {
        var tags = Tags(model, source);
        repliesStarted.Add(1, tags);
        repliesActive.Add(1, new KeyValuePair<string, object?>("source", SourceName(source)));
    }

    /// <summary>A reply ended: its outcome, times and tokens.</summary>
    public void ReplyFinished(string model, ReplySource source, MessageStatus status, ReplyFigures figures)
    {
        var tags = Tags(model, source);
        repliesActive.Add(-1, new KeyValuePair<string, object?>("source", SourceName(source)));
        repliesFinished.Add(1, tags[0], tags[1], new KeyValuePair<string, object?>("outcome", OutcomeName(status)));
        if (figures.TimeToFirstTokenMs is { } ttft)
        {
            timeToFirstToken.Record(ttft / 1000.0, tags);
        }
        if (figures.TokensPerSecond is { } speed)
        {
            tokensPerSecond.Record(speed, tags);
        }
        if (tokens.Enabled)
        {
            tokens.Add(figures.PromptTokens, tags[0], tags[1], new KeyValuePair<string, object?>("type", "input"));
            tokens.Add(figures.CompletionTokens, tags[0], tags[1], new KeyValuePair<string, object?>("type", "output"));
        }
    }

    /// <summary>A background job ended (<c>Jobs/JobOutcomeFilter</c>); <paramref name="job"/> is its class's name.</summary>
    public void JobFinished(string job, string outcome) =>
        jobs.Add(1, new KeyValuePair<string, object?>("job", job), new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>A sign-in with a password ended (<c>AppSignInManager</c>).</summary>
    public void SignIn(string outcome) => signIns.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    private static KeyValuePair<string, object?>[] Tags(string model, ReplySource source) =>
        [new("model", model), new("source", SourceName(source))];

    public static string SourceName(ReplySource source) => source == ReplySource.Api ? "api" : "chat";

    /// <summary>The outcome label of a reply's status (fixed strings: no allocation per reply).</summary>
    public static string OutcomeName(MessageStatus status) => status switch
    {
        MessageStatus.Complete => "complete",
        MessageStatus.Truncated => "truncated",
        MessageStatus.Stopped => "stopped",
        MessageStatus.Failed => "failed",
        MessageStatus.Interrupted => "interrupted",
        _ => "other",
    };
}

/// <summary>Where a reply was asked for: a chat page or the OpenAI-compatible API.</summary>
public enum ReplySource
{
    Chat,
    Api,
}

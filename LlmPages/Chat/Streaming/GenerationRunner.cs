using System.Diagnostics;
using LlmPages.Data.Entities;
using LlmPages.Llm;
using LlmPages.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace LlmPages.Chat.Streaming;

/// <summary>
/// Writes one reply: streams it from the model into the generation's event log, measures it, and saves the
/// outcome. Every way a stream can end (finished, stopped, the server failing or going quiet, the app shutting
/// down) saves what was written so far with a status and, when it went wrong, the reason in plain words.
/// </summary>
public sealed partial class GenerationRunner(
    ReplyStore store, TokenCounter tokens, IOptions<ChatLimits> limits, TimeProvider time, AppMetrics metrics, ILogger<GenerationRunner> logger)
{
    internal const string ShutdownError = "The app was shut down while this reply was being written.";
    internal const string UnexpectedError = "Something went wrong while writing this reply. Please try again.";

    public async Task<GenerationOutcome> RunAsync(Generation generation, GenerationRequest request, CancellationToken shutdown)
    {
        var meter = new ReplyMeter(time, limits.Value.MaxReplyLength);
        // One trace per turn: the send's span, this reply, the model call beneath it, the saved reply.
        using var activity = AppActivities.StartReply(request.Model.DisplayName, ReplySource.Chat, request.TraceParent);
        generation.TraceContext = activity?.Context ?? default;
        metrics.ReplyStarted(request.Model.DisplayName, ReplySource.Chat);
        MessageStatus status;
        string? error = null;

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(generation.StopToken, shutdown);
        try
        {
            await foreach (var update in request.Client.GetStreamingResponseAsync(request.Prompt, request.Options, cancel.Token))
            {
                var piece = meter.Take(update);
                if (piece.Length > 0)
                {
                    generation.Append(piece);
                }
                if (meter.IsCut)
                {
                    // The longest reply allowed: what fits is kept; leaving the loop hangs up.
                    LogReplyCut(logger, generation.ReplyId, limits.Value.MaxReplyLength);
                    break;
                }
            }
            status = meter.IsCut ? MessageStatus.Truncated : MessageStatus.Complete;
        }
        catch (OperationCanceledException) when (generation.StopRequested)
        {
            status = MessageStatus.Stopped;
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            status = MessageStatus.Interrupted;
            error = ShutdownError;
        }
        catch (ProviderException e)
        {
            status = MessageStatus.Failed;
            error = e.Error.Message;
            LogReplyFailed(logger, request.Model.Id, request.Model.DisplayName, generation.ReplyId, request.OwnerId, e.Error.Kind);
        }
        catch (Exception e)
        {
            status = MessageStatus.Failed;
            error = UnexpectedError;
            LogReplyCrashed(logger, e, generation.ReplyId);
        }

        var (text, _) = generation.Snapshot();
        var figures = meter.Finish(text, request.EstimatedPromptTokens, tokens);
        metrics.ReplyFinished(request.Model.DisplayName, ReplySource.Chat, status, figures);
        AppActivities.FinishReply(activity, status, figures);
        var reply = new FinishedReply(
            text, status, error, figures.PromptTokens, figures.CompletionTokens, figures.TimeToFirstTokenMs, figures.DurationMs, figures.TokensPerSecond);

        try
        {
            await request.RowsSaved;
        }
        catch (Exception)
        {
            return new GenerationOutcome(status, error); // the turn was not saved, so neither is its reply
        }
        // Saved before readers hear the outcome: whoever sees "finished" finds the final reply in the database.
        // Saving must not be cancelled by the shutdown that may have ended the stream.
        await store.SaveFinishedAsync(request, reply, CancellationToken.None);
        return new GenerationOutcome(status, error);
    }

    /// <summary>
    /// A provider failure: a Warning, so that it becomes a monitoring row (with the person, from {UserId}). It names the
    /// kind of failure, never the server's own words: they are untrusted and may quote the prompt (the reply keeps them).
    /// </summary>
    [LoggerMessage(1, LogLevel.Warning, "Model {ModelId} ({ModelName}) failed while writing reply {ReplyId} for user {UserId}: {Kind}")]
    private static partial void LogReplyFailed(ILogger logger, int modelId, string modelName, Guid replyId, string userId, ProviderErrorKind kind);

    [LoggerMessage(3, LogLevel.Information, "Reply {ReplyId} reached the longest reply allowed ({MaxReplyLength} characters) and was cut there")]
    private static partial void LogReplyCut(ILogger logger, Guid replyId, int maxReplyLength);

    [LoggerMessage(2, LogLevel.Error, "Reply {ReplyId} failed unexpectedly")]
    private static partial void LogReplyCrashed(ILogger logger, Exception exception, Guid replyId);
}

/// <summary>A reply as it ended, with its figures.</summary>
public sealed record FinishedReply(
    string Content,
    MessageStatus Status,
    string? Error,
    int PromptTokens,
    int CompletionTokens,
    int? TimeToFirstTokenMs,
    int DurationMs,
    double? TokensPerSecond);

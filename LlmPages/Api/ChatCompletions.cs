using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using LlmPages.Accounts;
using LlmPages.Chat;
using LlmPages.Chat.Conversations;
using LlmPages.Chat.Streaming;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Llm;
using LlmPages.Telemetry;
using LlmPages.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace LlmPages.Api;

/// <summary>
/// <c>POST /v1/chat/completions</c>: one model call for an API key's owner, through the same pipeline as a chat reply
/// (the cached client of <see cref="ChatClientCache"/>, the prompt trimmed by <see cref="PromptBuilder"/>, the reply
/// read and cut by <see cref="ReplyMeter"/>, the owner's <see cref="TokenQuota"/>), but tied to its request: nothing
/// is saved as a chat, and a client that hangs up cancels the call to the model at once (a chat reply goes on being
/// written without its reader; an API reply has nobody to be kept for). Every call that reached a model leaves a
/// usage row with its key (<see cref="ApiUsage"/>), saved before the client sees the end. A person has at most
/// <see cref="ChatLimits.MaxConcurrentApiCallsPerUser"/> calls running at once (<see cref="ApiCallLimit"/>).
/// </summary>
public sealed partial class ChatCompletions(
    ApiModelCatalog catalog, ChatClientCache clients, PromptBuilder prompts, TokenQuota quota, TokenCounter tokens,
    ApiUsage usage, ApiCallLimit running, AppTimeZone zone, IOptions<ChatLimits> limits, TimeProvider time, AppMetrics metrics,
    IHostApplicationLifetime lifetime, ILogger<ChatCompletions> logger)
{
    public async Task AnswerAsync(HttpContext http)
    {
        var aborted = http.RequestAborted;
        var userId = http.User.UserId()!;
        var keyId = Guid.Parse(http.User.FindFirstValue(ApiKeyAuthentication.KeyIdClaim)!);

        var (request, refusal) = await ReadAsync(http.Request, aborted);
        if (refusal is not null)
        {
            await refusal.WriteAsync(http.Response);
            return;
        }
        var offered = await catalog.FindAsync(request!.Model, aborted);
        if (offered is null)
        {
            await ApiError.ModelNotFound(request.Model).WriteAsync(http.Response);
            return;
        }
        var model = offered.Model;
        var maxTokens = Math.Min(request.MaxTokens ?? model.MaxOutputTokens, model.MaxOutputTokens > 0 ? model.MaxOutputTokens : int.MaxValue);
        var kept = request.Messages.TakeWhile(m => m.Role == ChatRole.System).ToList();
        var prompt = prompts.Build(kept, [.. request.Messages.Skip(kept.Count)], model.ContextWindow, maxTokens > 0 ? maxTokens : 0);
        if (prompt.Error is not null)
        {
            await TooLong(prompt, model.ContextWindow, maxTokens).WriteAsync(http.Response);
            return;
        }
        IChatClient client;
        try
        {
            client = clients.GetClient(offered.Provider, model);
        }
        catch (ProviderException e)
        {
            await ApiError.Upstream(e.Error.Message).WriteAsync(http.Response);
            return;
        }

        var entry = await running.TryEnterAsync(userId, aborted);
        await using var place = entry.Place;
        if (entry.RateLimitedFor is { } windowEndsIn)
        {
            await ApiError.MessagesRateLimited((int)Math.Ceiling(windowEndsIn.TotalSeconds)).WriteAsync(http.Response);
            return;
        }
        if (place is null)
        {
            await ApiError.TooManyRequests(string.Create(CultureInfo.InvariantCulture,
                $"You have {running.Cap} API calls running at once, the most this server allows per person. Wait for one to finish."), 1,
                "concurrency_limit_exceeded").WriteAsync(http.Response);
            return;
        }
        var completionId = Guid.CreateVersion7();
        var holdsQuota = http.User.HasClaim(c => c.Type == ApiKeyAuthentication.QuotaClaim);
        if (holdsQuota && await quota.TryReserveAsync(userId, completionId, prompt.EstimatedTokens, aborted) is { } overQuota)
        {
            var (_, monthEnd, _) = zone.MonthOf(time.GetUtcNow().UtcDateTime);
            var wait = (int)Math.Ceiling((monthEnd - time.GetUtcNow().UtcDateTime).TotalSeconds);
            await ApiError.TooManyRequests(overQuota, wait, "insufficient_quota").WriteAsync(http.Response);
            return;
        }

        request.Options.MaxOutputTokens = maxTokens > 0 ? maxTokens : null;
        var call = new Call(http, request, offered, client, prompt, completionId, holdsQuota, userId, keyId);
        using var writer = new CompletionWriter(http.Response, $"chatcmpl-{completionId:N}", offered.Id, time.GetUtcNow(), request.IncludeUsage);
        await RunAsync(call, writer);
    }

    private sealed record Call(
        HttpContext Http, ChatCompletionRequest Request, ApiModel Model, IChatClient Client, PromptResult Prompt,
        Guid CompletionId, bool HoldsQuota, string UserId, Guid KeyId);

    private async Task RunAsync(Call call, CompletionWriter writer)
    {
        var aborted = call.Http.RequestAborted;
        var stream = call.Request.Stream;
        var meter = new ReplyMeter(time, limits.Value.MaxReplyLength);
        // Counted and traced as a chat reply is, with source "api"; the request's span is its parent.
        var modelName = call.Model.Model.DisplayName;
        using var activity = AppActivities.StartReply(modelName, ReplySource.Api);
        metrics.ReplyStarted(modelName, ReplySource.Api);
        var text = new StringBuilder();
        MessageStatus status;
        ApiError? failure = null;
        // A stop of the app ends the call at once, with an error its client can retry: unlike a chat reply there is
        // nothing to save, and the web server would otherwise wait out its whole shutdown timeout for the stream.
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(aborted, lifetime.ApplicationStopping);
        try
        {
            await foreach (var update in call.Client.GetStreamingResponseAsync(call.Prompt.Messages, call.Request.Options, cancel.Token))
            {
                var piece = meter.Take(update);
                if (stream && !writer.HasStarted)
                {
                    await writer.StartStreamAsync(aborted);
                }
                if (piece.Length > 0)
                {
                    text.Append(piece);
                    if (stream)
                    {
                        await writer.DeltaAsync(piece, aborted);
                    }
                }
                if (meter.IsCut)
                {
                    LogReplyCut(logger, call.CompletionId, limits.Value.MaxReplyLength);
                    break;
                }
            }
            status = meter.IsCut ? MessageStatus.Truncated : MessageStatus.Complete;
        }
        catch (Exception e) when (aborted.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            status = MessageStatus.Stopped; // the client hung up: the call to the model ended with it
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            status = MessageStatus.Interrupted;
            failure = ApiError.ShuttingDown();
        }
        catch (ProviderException e)
        {
            status = MessageStatus.Failed;
            failure = ApiError.Upstream($"The model server failed: {e.Error.Message}");
            LogCallFailed(logger, call.Model.Model.Id, call.Model.Model.DisplayName, call.CompletionId, call.UserId, e.Error.Kind);
        }
        catch (Exception e)
        {
            // Still a usage row and a clean end: the quota's hold is freed with the row.
            status = MessageStatus.Failed;
            failure = ApiError.Internal();
            LogCallCrashed(logger, e, call.CompletionId);
        }

        var content = text.ToString();
        var figures = meter.Finish(content, call.Prompt.Size, tokens);
        metrics.ReplyFinished(modelName, ReplySource.Api, status, figures);
        AppActivities.FinishReply(activity, status, figures);
        var model = call.Model.Model;
        await usage.SaveAsync(call.UserId, call.KeyId,
            new ReplyModel(model.Id, model.DisplayName, model.InputPricePerMillion, model.OutputPricePerMillion),
            figures, status, call.HoldsQuota ? call.CompletionId : null);

        if (status == MessageStatus.Stopped)
        {
            return;
        }
        try
        {
            if (failure is not null)
            {
                await (writer.HasStarted ? writer.FailStreamAsync(failure, aborted) : failure.WriteAsync(call.Http.Response));
                return;
            }
            var finishReason = meter.IsCut || meter.FinishReason == ChatFinishReason.Length ? "length"
                : meter.FinishReason == ChatFinishReason.ContentFilter ? "content_filter"
                : "stop";
            if (!stream)
            {
                await writer.WriteCompletionAsync(content, finishReason, figures, aborted);
                return;
            }
            if (!writer.HasStarted)
            {
                await writer.StartStreamAsync(aborted);
            }
            await writer.EndStreamAsync(finishReason, figures, aborted);
        }
        catch (Exception e) when (aborted.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            // The client left as the end was being written: the usage row is saved already.
        }
    }

    /// <summary>The body as JSON, checked; or why not.</summary>
    private static async Task<(ChatCompletionRequest? Request, ApiError? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ApiError.ForStatus(StatusCodes.Status415UnsupportedMediaType));
        }
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
            return ChatCompletionRequest.Read(body.RootElement);
        }
        catch (JsonException e)
        {
            return (null, ApiError.BadRequest("body", $"The request body is not valid JSON: {e.Message}", "invalid_json"));
        }
    }

    private static ApiError TooLong(PromptResult prompt, int contextWindow, int maxTokens)
    {
        var budget = contextWindow - Math.Max(0, maxTokens);
        return ApiError.BadRequest("messages", budget <= 0
            ? string.Create(CultureInfo.InvariantCulture, $"This model's context window ({contextWindow:N0} tokens) leaves no room for a reply of {maxTokens:N0} tokens. Lower max_tokens.")
            : string.Create(CultureInfo.InvariantCulture, $"The messages need about {prompt.EstimatedTokens:N0} tokens, and at most {budget:N0} fit this model's context window with a reply of {maxTokens:N0} tokens, even after leaving out the oldest messages. Shorten them or lower max_tokens."),
            "context_length_exceeded");
    }

    /// <summary>A provider failure: a Warning, so it becomes a monitoring row with the person; never the server's own words.</summary>
    [LoggerMessage(1, LogLevel.Warning, "Model {ModelId} ({ModelName}) failed while answering API completion {CompletionId} for user {UserId}: {Kind}")]
    private static partial void LogCallFailed(ILogger logger, int modelId, string modelName, Guid completionId, string userId, ProviderErrorKind kind);

    [LoggerMessage(3, LogLevel.Error, "API completion {CompletionId} failed unexpectedly")]
    private static partial void LogCallCrashed(ILogger logger, Exception exception, Guid completionId);

    [LoggerMessage(2, LogLevel.Information, "API completion {CompletionId} reached the longest reply allowed ({MaxReplyLength} characters) and was cut there")]
    private static partial void LogReplyCut(ILogger logger, Guid completionId, int maxReplyLength);
}

using System.Diagnostics;
using LlmPages.Chat.Streaming;
using LlmPages.Data.Entities;

namespace LlmPages.Telemetry;

/// <summary>
/// The app's own spans (source <see cref="SourceName"/>). A chat turn is one trace: the send's request, then
/// <c>chat.reply</c> (parented by hand: the reply runs on its own task, outside the request's execution context),
/// beneath it the model call (Microsoft.Extensions.AI's <c>chat {model}</c>, then the HTTP call) and <c>chat.save</c>, the final save;
/// the batched partial save is its own span, linked to every reply it saved. Attributes are the model, token counts and
/// the outcome, never a message's text. With no tracer listening <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// returns null and nothing is allocated.
/// </summary>
public static class AppActivities
{
    public const string SourceName = "LlmPages";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>True when a tracer listens (only then are links gathered).</summary>
    public static bool IsTracing => Source.HasListeners();

    /// <summary>A reply being written; <paramref name="parent"/> is the send's span (default: the current one).</summary>
    public static Activity? StartReply(string model, ReplySource source, ActivityContext parent = default)
    {
        var activity = Source.StartActivity("chat.reply", ActivityKind.Internal, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("llmpages.model", model);
            activity.SetTag("llmpages.reply.source", AppMetrics.SourceName(source));
        }
        return activity;
    }

    /// <summary>How the reply ended, with its token counts and times.</summary>
    public static void FinishReply(Activity? activity, MessageStatus status, ReplyFigures figures)
    {
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }
        activity.SetTag("llmpages.reply.outcome", AppMetrics.OutcomeName(status));
        activity.SetTag("gen_ai.usage.input_tokens", figures.PromptTokens);
        activity.SetTag("gen_ai.usage.output_tokens", figures.CompletionTokens);
        if (figures.TimeToFirstTokenMs is { } ttft)
        {
            activity.SetTag("llmpages.reply.time_to_first_token_ms", ttft);
        }
        if (status is MessageStatus.Failed)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }

    /// <summary>The final save of a reply (its text, usage row and search entry), beneath the reply's span.</summary>
    public static Activity? StartFinalSave(MessageStatus status)
    {
        var activity = Source.StartActivity("chat.save", ActivityKind.Internal);
        activity?.SetTag("llmpages.reply.outcome", AppMetrics.OutcomeName(status));
        return activity;
    }

    /// <summary>A save that failed: the span says so and names the exception's type, never its message.</summary>
    public static void SaveFailed(Activity? activity, Exception exception)
    {
        activity?.SetStatus(ActivityStatusCode.Error);
        activity?.SetTag("error.type", exception.GetType().FullName);
    }

    /// <summary>One batched save of streaming replies' text, linked to the replies it saved.</summary>
    public static Activity? StartPartialSave(IEnumerable<ActivityLink>? replies, int count)
    {
        var activity = Source.StartActivity("chat.partial_save", ActivityKind.Internal, default(ActivityContext), links: replies);
        activity?.SetTag("llmpages.replies", count);
        return activity;
    }
}

using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace LlmPages.Chat.Streaming;

/// <summary>Everything a reply needs to be written and saved, resolved before it starts.</summary>
public sealed record GenerationRequest(
    Guid ConversationId,
    Guid ReplyId,
    string OwnerId,
    IChatClient Client,
    IReadOnlyList<ChatMessage> Prompt,
    ChatOptions Options,
    Lazy<int> EstimatedPromptTokens,
    ReplyModel Model,
    bool IsFirstReply)
{
    /// <summary>
    /// Completes when the question and the empty reply are in the database. The model is asked before they are
    /// (its first token is the wait that matters), so the finished reply waits for this before it is saved; when
    /// it fails, nothing was saved and the reply is dropped.
    /// </summary>
    public Task RowsSaved { get; init; } = Task.CompletedTask;

    /// <summary>Tokens are held for the reply against its owner's quota (a <c>QuotaReservation</c>), freed when it is saved.</summary>
    public bool HoldsQuota { get; init; }

    /// <summary>The span of the send that asked for the reply (taken when the request is made): the reply's span is its child.</summary>
    public ActivityContext TraceParent { get; init; } = Activity.Current?.Context ?? default;
}

/// <summary>The model a reply is written by, with its prices for the usage log.</summary>
public sealed record ReplyModel(int Id, string DisplayName, decimal? InputPricePerMillion, decimal? OutputPricePerMillion)
{
    /// <summary>The estimated cost of a call at the model's prices; null when it has none.</summary>
    public decimal? CostOf(int promptTokens, int completionTokens) =>
        InputPricePerMillion is null && OutputPricePerMillion is null
            ? null
            : ((InputPricePerMillion ?? 0) * promptTokens + (OutputPricePerMillion ?? 0) * completionTokens) / 1_000_000m;
}

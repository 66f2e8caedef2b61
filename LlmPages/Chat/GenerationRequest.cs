using Microsoft.Extensions.AI;

namespace LlmPages.Chat;

/// <summary>Everything a reply needs to be written and saved, resolved before it starts.</summary>
public sealed record GenerationRequest(
    Guid ConversationId,
    Guid AssistantMessageId,
    string OwnerId,
    IChatClient Client,
    IReadOnlyList<ChatMessage> Prompt,
    ChatOptions Options,
    int EstimatedPromptTokens,
    ReplyModel Model,
    bool IsFirstReply);

/// <summary>The model a reply is written by, with its prices for the usage log.</summary>
public sealed record ReplyModel(int Id, string DisplayName, decimal? InputPricePerMillion, decimal? OutputPricePerMillion);

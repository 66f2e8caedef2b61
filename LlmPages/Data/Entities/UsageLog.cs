namespace LlmPages.Data.Entities;

/// <summary>
/// One model call, for quotas, statistics and costs. It outlives what it refers to: the user and model
/// columns are set to null when those are deleted, and the conversation and message ids are plain columns.
/// </summary>
public class UsageLog
{
    /// <summary>The key.</summary>
    public long Id { get; set; }

    /// <summary>Who made the call; null once the account is deleted, so totals stay right.</summary>
    public string? UserId { get; set; }

    /// <summary>The model called; null once it is deleted.</summary>
    public int? ModelId { get; set; }

    /// <summary>The conversation, if the call was a chat turn. Not a foreign key: chats are deleted, logs stay.</summary>
    public Guid? ConversationId { get; set; }

    /// <summary>The reply written, if any. Not a foreign key, for the same reason.</summary>
    public Guid? MessageId { get; set; }

    /// <summary>The API key the call came through; null for the web pages. Not a foreign key: keys are deleted with their owner, logs stay.</summary>
    public Guid? ApiKeyId { get; set; }

    /// <summary>Tokens sent.</summary>
    public int PromptTokens { get; set; }

    /// <summary>Tokens received.</summary>
    public int CompletionTokens { get; set; }

    /// <summary>Milliseconds to the first token.</summary>
    public int? TimeToFirstTokenMs { get; set; }

    /// <summary>Milliseconds to the last token.</summary>
    public int? DurationMs { get; set; }

    /// <summary>How the call ended.</summary>
    public MessageStatus Status { get; set; }

    /// <summary>The estimated cost from the model's prices at the time; null when the model has none.</summary>
    public decimal? Cost { get; set; }

    /// <summary>When the call ended (UTC).</summary>
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}

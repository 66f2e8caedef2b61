namespace LlmPages.Data.Entities;

/// <summary>
/// One message of a conversation, with the figures of how its reply was generated. Messages form a tree:
/// regenerating a reply or editing a question adds a sibling under the same parent, i.e. a new branch.
/// </summary>
public class Message
{
    /// <summary>The key: a GUID so ids in URLs cannot be guessed (version 7, so new rows append to indexes).</summary>
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The conversation; deleting it deletes every message.</summary>
    public Guid ConversationId { get; set; }

    /// <summary>The conversation.</summary>
    public Conversation Conversation { get; set; } = null!;

    /// <summary>The message this one answers or follows; null for the first message.</summary>
    public Guid? ParentId { get; set; }

    /// <summary>The message this one answers or follows.</summary>
    public Message? Parent { get; set; }

    /// <summary>Who wrote it.</summary>
    public MessageRole Role { get; set; }

    /// <summary>The text (Markdown for replies); grows while <see cref="Status"/> is Streaming.</summary>
    public string Content { get; set; } = "";

    /// <summary>
    /// The reply rendered as safe HTML when it finished, so pages never render Markdown again; null for user
    /// messages and for replies cut off by a restart (those are rendered when shown).
    /// </summary>
    public string? ContentHtml { get; set; }

    /// <summary>Where the message is in its life.</summary>
    public MessageStatus Status { get; set; } = MessageStatus.Complete;

    /// <summary>Why the reply failed or was cut short, in plain language for the user.</summary>
    public string? Error { get; set; }

    /// <summary>The model that wrote the reply; null once that model is deleted.</summary>
    public int? ModelId { get; set; }

    /// <summary>The model that wrote the reply.</summary>
    public AiModel? Model { get; set; }

    /// <summary>The model's display name when the reply was written, kept after the model is renamed or deleted.</summary>
    public string? ModelName { get; set; }

    /// <summary>Tokens sent to the model for this reply.</summary>
    public int? PromptTokens { get; set; }

    /// <summary>Tokens the model wrote.</summary>
    public int? CompletionTokens { get; set; }

    /// <summary>Milliseconds from sending the request to the first token.</summary>
    public int? TimeToFirstTokenMs { get; set; }

    /// <summary>Milliseconds from sending the request to the last token.</summary>
    public int? DurationMs { get; set; }

    /// <summary>Completion tokens per second of generation.</summary>
    public double? TokensPerSecond { get; set; }

    /// <summary>How many earlier messages were left out of the prompt to fit the context window.</summary>
    public int ContextMessagesOmitted { get; set; }

    /// <summary>
    /// The instance writing the reply while it is <see cref="MessageStatus.Streaming"/> (<see cref="InstanceLease"/>):
    /// when that instance's lease expires, another marks the reply interrupted. Null for everything else.
    /// </summary>
    public Guid? InstanceId { get; set; }

    /// <summary>When the message was created (UTC); a streaming reply is created when it starts.</summary>
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    /// <summary>When the reply stopped growing (UTC), whatever the outcome.</summary>
    public DateTime? CompletedAt { get; set; }
}

namespace LlmPages.Data.Entities;

/// <summary>
/// A chat: its owner, optional project, the model and generation settings it uses, and its messages.
/// Messages form a tree (see <see cref="Message.ParentId"/>); <see cref="ActiveLeafId"/> picks the branch shown.
/// </summary>
public class Conversation
{
    /// <summary>The key: a GUID so ids in URLs cannot be guessed (version 7, so new rows append to indexes).</summary>
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The owner; deleting the owner deletes the conversation.</summary>
    public required string OwnerId { get; set; }

    /// <summary>The owner.</summary>
    public AppUser Owner { get; set; } = null!;

    /// <summary>The project it is filed under; deleting the project keeps the chat, unfiled.</summary>
    public Guid? ProjectId { get; set; }

    /// <summary>The project it is filed under.</summary>
    public Project? Project { get; set; }

    /// <summary>The model new replies use; null once that model is deleted (the chat stays).</summary>
    public int? ModelId { get; set; }

    /// <summary>The model new replies use.</summary>
    public AiModel? Model { get; set; }

    /// <summary>The title shown in the chat list and the history.</summary>
    public required string Title
    {
        get;
        set
        {
            field = value;
            TitleKey = NameKeys.Of(value);
        }
    }

    /// <summary>
    /// The title as lists sort it (<see cref="NameKeys"/>), set with the title, so "title A–Z" is one order on every
    /// engine. Null only on a row from before keys existed, until the next start fills it in.
    /// </summary>
    public string? TitleKey { get; private set; }

    /// <summary>The system prompt text in force for this chat (copied, so later edits elsewhere don't change it).</summary>
    public string? SystemPrompt { get; set; }

    /// <summary>The saved prompt <see cref="SystemPrompt"/> was copied from, if any; null once it is deleted.</summary>
    public int? SystemPromptId { get; set; }

    /// <summary>Sampling temperature; null means the model's default.</summary>
    public double? Temperature { get; set; }

    /// <summary>Maximum reply length in tokens; null means the model's limit.</summary>
    public int? MaxTokens { get; set; }

    /// <summary>
    /// The message at the tip of the branch currently shown; the thread is the path from it to the root.
    /// A plain column, not a foreign key, so conversations and messages can be inserted and deleted in any order.
    /// </summary>
    public Guid? ActiveLeafId { get; set; }

    /// <summary>Archived chats are hidden from the main history list.</summary>
    public bool IsArchived { get; set; }

    /// <summary>When the chat was started (UTC).</summary>
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    /// <summary>When the chat last changed (UTC); the history list is ordered by it.</summary>
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;

    /// <summary>Every message of every branch.</summary>
    public List<Message> Messages { get; set; } = [];
}

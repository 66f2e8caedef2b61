namespace LlmPages.Data.Entities;

/// <summary>
/// A user's folder of conversations, with defaults that new chats in it start with. The defaults are copied onto a chat
/// when it is created (project defaults win over the person's own, field by field), so editing a project later changes
/// no chat already in it. Names are unique per owner.
/// </summary>
public class Project : IUniqueName
{
    /// <summary>The key: a GUID so ids in URLs cannot be guessed (version 7, so new rows append to indexes).</summary>
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The owner; deleting the owner deletes the project.</summary>
    public required string OwnerId { get; set; }

    /// <summary>The owner.</summary>
    public AppUser Owner { get; set; } = null!;

    /// <summary>The project's name, unique for its owner ignoring case (<see cref="NameKey"/>).</summary>
    public required string Name
    {
        get;
        set
        {
            field = value;
            NameKey = NameKeys.Of(value);
        }
    }

    /// <summary>
    /// The name as the app compares and sorts it (<see cref="NameKeys"/>), set with the name; unique for the owner. Null only on a row
    /// from before keys existed, until the next start fills it in.
    /// </summary>
    public string? NameKey { get; private set; }

    /// <summary>An optional description.</summary>
    public string? Description { get; set; }

    /// <summary>The model new chats in the project start with; null means the person's own default (and null once that model is deleted).</summary>
    public int? DefaultModelId { get; set; }

    /// <summary>The default model, if one is chosen.</summary>
    public AiModel? DefaultModel { get; set; }

    /// <summary>The system prompt text new chats start with (copied from <see cref="DefaultSystemPromptId"/>'s prompt when one was chosen).</summary>
    public string? DefaultSystemPrompt { get; set; }

    /// <summary>The saved prompt new chats start with, if any; null once it is deleted (<see cref="DefaultSystemPrompt"/> keeps its text).</summary>
    public int? DefaultSystemPromptId { get; set; }

    /// <summary>Sampling temperature for new chats; null means the person's default.</summary>
    public double? DefaultTemperature { get; set; }

    /// <summary>Maximum reply length for new chats, in tokens; null means the person's default.</summary>
    public int? DefaultMaxTokens { get; set; }

    /// <summary>When the project was created (UTC).</summary>
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    /// <summary>When the project was last edited (UTC).</summary>
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
}

namespace LlmPages.Data.Entities;

/// <summary>
/// A saved system prompt admins offer to everyone. A conversation copies its text, so editing or deleting
/// the prompt later does not change past chats.
/// </summary>
public class SystemPrompt : IUniqueName
{
    /// <summary>The key.</summary>
    public int Id { get; set; }

    /// <summary>A name shown in pickers, unique ignoring case (<see cref="NameKey"/>).</summary>
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
    /// The name as the app compares and sorts it (<see cref="NameKeys"/>), set with the name; unique. Null only on a row
    /// from before keys existed, until the next start fills it in.
    /// </summary>
    public string? NameKey { get; private set; }

    /// <summary>An optional note on what the prompt is for.</summary>
    public string? Description { get; set; }

    /// <summary>The prompt text.</summary>
    public required string Content { get; set; }

    /// <summary>Inactive prompts are not offered.</summary>
    public bool IsActive { get; set; } = true;

    /// <summary>The admin who wrote it; null once that account is deleted.</summary>
    public string? CreatedById { get; set; }

    /// <summary>When the prompt was created (UTC).</summary>
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    /// <summary>When the prompt was last edited (UTC).</summary>
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
}

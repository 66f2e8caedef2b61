namespace LlmPages.Data.Entities;

/// <summary>
/// A saved system prompt admins offer to everyone. A conversation copies its text, so editing or deleting
/// the prompt later does not change past chats.
/// </summary>
public class SystemPrompt
{
    /// <summary>The key.</summary>
    public int Id { get; set; }

    /// <summary>A unique name shown in pickers.</summary>
    public required string Name { get; set; }

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

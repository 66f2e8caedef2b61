namespace LlmPages.Data.Entities;

/// <summary>An admin-defined category of providers (e.g. "Chat", "Local"), used to group them in the UI.</summary>
public class AiType
{
    /// <summary>The key.</summary>
    public int Id { get; set; }

    /// <summary>A unique name.</summary>
    public required string Name { get; set; }

    /// <summary>An optional note for admins.</summary>
    public string? Description { get; set; }

    /// <summary>Inactive types are hidden when adding providers.</summary>
    public bool IsActive { get; set; } = true;

    /// <summary>When the type was created (UTC).</summary>
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}

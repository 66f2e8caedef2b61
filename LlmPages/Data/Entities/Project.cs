namespace LlmPages.Data.Entities;

/// <summary>A user's folder of conversations. Names are unique per owner.</summary>
public class Project
{
    /// <summary>The key: a GUID so ids in URLs cannot be guessed (version 7, so new rows append to indexes).</summary>
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The owner; deleting the owner deletes the project.</summary>
    public required string OwnerId { get; set; }

    /// <summary>The owner.</summary>
    public AppUser Owner { get; set; } = null!;

    /// <summary>The project's name, unique for its owner.</summary>
    public required string Name { get; set; }

    /// <summary>An optional description.</summary>
    public string? Description { get; set; }

    /// <summary>When the project was created (UTC).</summary>
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    /// <summary>When the project was last edited (UTC).</summary>
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
}

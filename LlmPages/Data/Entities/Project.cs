namespace LlmPages.Data.Entities;

/// <summary>A user's folder of conversations. Names are unique per owner.</summary>
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

    /// <summary>When the project was created (UTC).</summary>
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    /// <summary>When the project was last edited (UTC).</summary>
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
}

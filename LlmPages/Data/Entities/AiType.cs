namespace LlmPages.Data.Entities;

/// <summary>An admin-defined category of providers (e.g. "Chat", "Local"), used to group them in the UI.</summary>
public class AiType : IUniqueName
{
    /// <summary>The key.</summary>
    public int Id { get; set; }

    /// <summary>A name unique ignoring case (<see cref="NameKey"/>).</summary>
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

    /// <summary>An optional note for admins.</summary>
    public string? Description { get; set; }

    /// <summary>Inactive types are hidden when adding providers.</summary>
    public bool IsActive { get; set; } = true;

    /// <summary>When the type was created (UTC).</summary>
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}

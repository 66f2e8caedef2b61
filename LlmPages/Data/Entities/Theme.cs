namespace LlmPages.Data.Entities;

/// <summary>The colours a person chose for the pages. Stored as its name.</summary>
public enum Theme
{
    /// <summary>Follow the device's light or dark setting (<c>prefers-color-scheme</c>).</summary>
    System,

    /// <summary>Always light.</summary>
    Light,

    /// <summary>Always dark.</summary>
    Dark,
}

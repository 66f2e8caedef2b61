namespace LlmPages.Data.Entities;

/// <summary>How large a person wants the pages' text; every size in the stylesheet follows it. Stored as its name.</summary>
public enum TextSize
{
    /// <summary>The browser's own size.</summary>
    Normal,

    /// <summary>A step smaller, for more on the screen.</summary>
    Small,

    /// <summary>A step larger, easier to read.</summary>
    Large,
}

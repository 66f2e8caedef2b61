namespace LlmPages.Data.Entities;

/// <summary>Who wrote a <see cref="Message"/>. Stored as its name.</summary>
public enum MessageRole
{
    /// <summary>Instructions for the model.</summary>
    System,

    /// <summary>The person chatting.</summary>
    User,

    /// <summary>The model.</summary>
    Assistant,
}

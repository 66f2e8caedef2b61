namespace LlmPages.Data.Entities;

/// <summary>
/// A user's chat defaults, one row per user in its own table (keyed by the user id) so the Identity table
/// stays about accounts. Null values fall back to the model's or the app's defaults.
/// </summary>
public class UserSettings
{
    /// <summary>The owning user's id; also the key.</summary>
    public required string UserId { get; set; }

    /// <summary>The owning user.</summary>
    public AppUser User { get; set; } = null!;

    /// <summary>The model new chats start with; null means the app's default model.</summary>
    public int? DefaultModelId { get; set; }

    /// <summary>The default model, if one is chosen.</summary>
    public AiModel? DefaultModel { get; set; }

    /// <summary>Sampling temperature for new chats.</summary>
    public double? DefaultTemperature { get; set; }

    /// <summary>Maximum reply length for new chats, in tokens.</summary>
    public int? DefaultMaxTokens { get; set; }

    /// <summary>System prompt for new chats (copied from <see cref="DefaultSystemPromptId"/>'s prompt when one was chosen).</summary>
    public string? DefaultSystemPrompt { get; set; }

    /// <summary>The library prompt new chats start with, if any; null once it is deleted (<see cref="DefaultSystemPrompt"/> keeps its text).</summary>
    public int? DefaultSystemPromptId { get; set; }

    /// <summary>Whether Enter sends the message (Shift+Enter for a new line) or inserts a new line.</summary>
    public bool SendWithEnter { get; set; } = true;

    /// <summary>Light, dark, or the device's choice; applied by the server to every page (no JavaScript needed).</summary>
    public Theme Theme { get; set; } = Theme.System;

    /// <summary>The pages' text size, applied by the server.</summary>
    public TextSize TextSize { get; set; } = TextSize.Normal;

    /// <summary>When these settings last changed (UTC).</summary>
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
}

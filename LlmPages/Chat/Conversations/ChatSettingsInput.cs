using System.ComponentModel.DataAnnotations;

namespace LlmPages.Chat.Conversations;

/// <summary>A chat's settings as the composer posts them; saved on the conversation with each message.</summary>
public sealed class ChatSettingsInput
{
    [Display(Name = "Model")]
    public int? ModelId { get; set; }

    [Display(Name = "Temperature")]
    [Range(0.0, 2.0, ErrorMessage = "Temperature must be between 0 and 2.")]
    public double? Temperature { get; set; }

    [Display(Name = "Max tokens")]
    [Range(1, 1_000_000, ErrorMessage = "Max tokens must be a whole number from 1 to 1,000,000.")]
    public int? MaxTokens { get; set; }

    [Display(Name = "System prompt")]
    [StringLength(20_000, ErrorMessage = "The system prompt can be at most 20,000 characters long.")]
    public string? SystemPrompt { get; set; }

    /// <summary>A prompt from the shared library; its text replaces <see cref="SystemPrompt"/> when chosen.</summary>
    [Display(Name = "Saved prompt")]
    public int? SystemPromptId { get; set; }
}

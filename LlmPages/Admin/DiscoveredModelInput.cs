using System.ComponentModel.DataAnnotations;

namespace LlmPages.Admin;

/// <summary>One model a server listed, as the "Discover models" form posts it back.</summary>
public sealed class DiscoveredModelInput
{
    /// <summary>Ticked: add this model.</summary>
    public bool Selected { get; set; }

    [Required(ErrorMessage = "The model id is missing.")]
    [StringLength(200, ErrorMessage = "A model id is at most 200 characters.")]
    public string WireModelId { get; set; } = "";

    [Required(ErrorMessage = "Enter the name people will see.")]
    [StringLength(200, ErrorMessage = "A display name is at most 200 characters.")]
    [Display(Name = "Display name")]
    public string DisplayName { get; set; } = "";

    [Required(ErrorMessage = "Enter the context window in tokens, like 8192.")]
    [Range(1, int.MaxValue, ErrorMessage = "The context window must be at least 1 token.")]
    [Display(Name = "Context window")]
    public int? ContextWindow { get; set; }

    [Required(ErrorMessage = "Enter the most tokens a reply may have, like 2048.")]
    [Range(1, int.MaxValue, ErrorMessage = "Max output tokens must be at least 1.")]
    [Display(Name = "Max output tokens")]
    public int? MaxOutputTokens { get; set; }

    public ModelInput ToModelInput(int providerId) => new()
    {
        ProviderId = providerId,
        WireModelId = WireModelId.Trim(),
        DisplayName = DisplayName.Trim(),
        ContextWindow = ContextWindow,
        MaxOutputTokens = MaxOutputTokens,
        IsActive = true,
    };
}

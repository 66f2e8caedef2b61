using System.ComponentModel.DataAnnotations;

namespace LlmPages.Admin;

/// <summary>The model form, as posted.</summary>
public sealed class ModelInput
{
    public const int DefaultContextWindow = 8192;
    public const int DefaultMaxOutputTokens = 2048;

    [Required(ErrorMessage = "Choose the provider that serves the model.")]
    [Display(Name = "Provider")]
    public int? ProviderId { get; set; }

    [Required(ErrorMessage = "Enter the model id the provider uses, like gpt-4o-mini.")]
    [StringLength(200, ErrorMessage = "A model id is at most 200 characters.")]
    [Display(Name = "Model id")]
    public string WireModelId { get; set; } = "";

    [Required(ErrorMessage = "Enter the name people will see.")]
    [StringLength(200, ErrorMessage = "A display name is at most 200 characters.")]
    [Display(Name = "Display name")]
    public string DisplayName { get; set; } = "";

    [Required(ErrorMessage = "Enter the context window in tokens, like 8192.")]
    [Range(1, int.MaxValue, ErrorMessage = "The context window must be at least 1 token.")]
    [Display(Name = "Context window")]
    public int? ContextWindow { get; set; } = DefaultContextWindow;

    [Required(ErrorMessage = "Enter the most tokens a reply may have, like 2048.")]
    [Range(1, int.MaxValue, ErrorMessage = "Max output tokens must be at least 1.")]
    [Display(Name = "Max output tokens")]
    public int? MaxOutputTokens { get; set; } = DefaultMaxOutputTokens;

    [Display(Name = "Active")]
    public bool IsActive { get; set; } = true;

    [Display(Name = "Default model")]
    public bool IsDefault { get; set; }

    [Range(typeof(decimal), "0", "1000000", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true,
        ErrorMessage = "Enter a price of 0 or more (at most 1000000).")]
    [Display(Name = "Input price per million tokens")]
    public decimal? InputPricePerMillion { get; set; }

    [Range(typeof(decimal), "0", "1000000", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true,
        ErrorMessage = "Enter a price of 0 or more (at most 1000000).")]
    [Display(Name = "Output price per million tokens")]
    public decimal? OutputPricePerMillion { get; set; }

    /// <summary>The checks that involve two fields; messages go next to the field to change.</summary>
    public static string? MaxOutputError(int? contextWindow, int? maxOutputTokens) =>
        contextWindow is > 0 and var context && maxOutputTokens is > 0 and var max && max > context
            ? $"Max output tokens ({max}) cannot be more than the context window ({context})."
            : null;
}

using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace LlmPages.Admin;

/// <summary>The model form, as posted. The id, name and limits follow <see cref="ModelFieldRules"/>.</summary>
[ModelMetadataType<ModelFieldRules>]
public sealed class ModelInput
{
    public const int DefaultContextWindow = 8192;
    public const int DefaultMaxOutputTokens = 2048;

    [Required(ErrorMessage = "Choose the provider that serves the model.")]
    [Display(Name = "Provider")]
    public int? ProviderId { get; set; }

    public string WireModelId { get; set; } = "";

    public string DisplayName { get; set; } = "";

    public int? ContextWindow { get; set; } = DefaultContextWindow;

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
}

using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace LlmPages.Admin;

/// <summary>
/// The rules and messages for a model's id, name and token limits, written once. Two forms post these fields:
/// the model form (<see cref="ModelInput"/>) and each ticked row of "Discover models"
/// (<see cref="DiscoveredModelInput"/>). Both take the attributes below through <c>[ModelMetadataType]</c>
/// (MVC reads validation and display names from here) and the check across two fields from
/// <see cref="CheckLimits"/>, so that their messages cannot drift apart again: they had, and a missing model
/// id read "The model id is missing." on one form and "Enter the model id…" on the other.
/// </summary>
public sealed class ModelFieldRules
{
    [Required(ErrorMessage = "Enter the model id the provider uses, like gpt-4o-mini.")]
    [StringLength(200, ErrorMessage = "A model id is at most 200 characters.")]
    [Display(Name = "Model id")]
    public string? WireModelId { get; set; }

    [Required(ErrorMessage = "Enter the name people will see.")]
    [StringLength(200, ErrorMessage = "A display name is at most 200 characters.")]
    [Display(Name = "Display name")]
    public string? DisplayName { get; set; }

    [Required(ErrorMessage = "Enter the context window in tokens, like 8192.")]
    [Range(1, int.MaxValue, ErrorMessage = "The context window must be at least 1 token.")]
    [Display(Name = "Context window")]
    public int? ContextWindow { get; set; }

    [Required(ErrorMessage = "Enter the most tokens a reply may have, like 2048.")]
    [Range(1, int.MaxValue, ErrorMessage = "Max output tokens must be at least 1.")]
    [Display(Name = "Max output tokens")]
    public int? MaxOutputTokens { get; set; }

    /// <summary>
    /// The check that involves two fields: a reply cannot be longer than the context window. The message goes
    /// next to the field to change (<paramref name="prefix"/> + MaxOutputTokens), unless that field already has one.
    /// </summary>
    public static void CheckLimits(ModelStateDictionary modelState, string prefix, int? contextWindow, int? maxOutputTokens)
    {
        var key = prefix + "MaxOutputTokens";
        if (contextWindow is > 0 and var context && maxOutputTokens is > 0 and var max && max > context
            && modelState.GetFieldValidationState(key) != ModelValidationState.Invalid)
        {
            modelState.AddModelError(key, $"Max output tokens ({max}) cannot be more than the context window ({context}).");
        }
    }
}

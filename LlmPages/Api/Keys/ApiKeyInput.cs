using System.ComponentModel.DataAnnotations;

namespace LlmPages.Api.Keys;

/// <summary>
/// The new-key form: a name to tell the key apart, and an optional last day. The day is text (read by
/// <see cref="ApiKeyChanges"/>), so a browser without a date picker can type it and a wrong one comes back as typed.
/// </summary>
public sealed class ApiKeyInput
{
    [Required(ErrorMessage = "Enter a name for the key, such as the tool or computer that will use it.")]
    [StringLength(ApiKeys.MaxNameLength, ErrorMessage = "A key's name is at most 100 characters long.")]
    [RegularExpression(@"[\s\S]*\S[\s\S]*", ErrorMessage = "A key's name needs at least one visible character.")]
    [Display(Name = "Name")]
    public string Name { get; set; } = "";

    [Display(Name = "Last day it works")]
    public string? ExpiresOn { get; set; }
}

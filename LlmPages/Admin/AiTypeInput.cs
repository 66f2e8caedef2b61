using System.ComponentModel.DataAnnotations;

namespace LlmPages.Admin;

/// <summary>The AI type form, as posted.</summary>
public sealed class AiTypeInput
{
    [Required(ErrorMessage = "Enter a name for the type.")]
    [StringLength(100, ErrorMessage = "A name is at most 100 characters.")]
    [Display(Name = "Name")]
    public string Name { get; set; } = "";

    [StringLength(1000, ErrorMessage = "A description is at most 1000 characters.")]
    [Display(Name = "Description")]
    public string? Description { get; set; }

    [Display(Name = "Active")]
    public bool IsActive { get; set; } = true;
}

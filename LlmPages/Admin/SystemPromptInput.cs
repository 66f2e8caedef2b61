using System.ComponentModel.DataAnnotations;

namespace LlmPages.Admin;

/// <summary>The library prompt form, as posted.</summary>
public sealed class SystemPromptInput
{
    [Required(ErrorMessage = "Enter a name for the prompt.")]
    [StringLength(100, ErrorMessage = "A name is at most 100 characters.")]
    [Display(Name = "Name")]
    public string Name { get; set; } = "";

    [StringLength(1000, ErrorMessage = "A description is at most 1000 characters.")]
    [Display(Name = "Description")]
    public string? Description { get; set; }

    [Required(ErrorMessage = "Write the prompt's text: the instructions the model follows.")]
    [StringLength(20_000, ErrorMessage = "The prompt can be at most 20,000 characters long.")]
    [Display(Name = "Prompt")]
    public string Content { get; set; } = "";

    [Display(Name = "Active")]
    public bool IsActive { get; set; } = true;
}

using System.ComponentModel.DataAnnotations;
using LlmPages.Data.Entities;

namespace LlmPages.Admin;

/// <summary>The provider form, as posted. The API key is write-only: it is never put back into a page.</summary>
public sealed class ProviderInput
{
    [Required(ErrorMessage = "Enter a name for the provider.")]
    [StringLength(100, ErrorMessage = "A name is at most 100 characters.")]
    [Display(Name = "Name")]
    public string Name { get; set; } = "";

    [Required(ErrorMessage = "Choose the kind of server.")]
    [Display(Name = "Kind")]
    public ProviderKind? Kind { get; set; }

    [Required(ErrorMessage = "Enter the server's base URL, like https://api.openai.com/v1.")]
    [StringLength(2048, ErrorMessage = "A base URL is at most 2048 characters.")]
    [Display(Name = "Base URL")]
    public string BaseUrl { get; set; } = "";

    [StringLength(1000, ErrorMessage = "An API key is at most 1000 characters.")]
    [Display(Name = "API key")]
    public string? ApiKey { get; set; }

    [Display(Name = "Remove the stored key")]
    public bool RemoveApiKey { get; set; }

    [Required(ErrorMessage = "Choose an AI type.")]
    [Display(Name = "AI type")]
    public int? AiTypeId { get; set; }

    [Display(Name = "Active")]
    public bool IsActive { get; set; } = true;
}

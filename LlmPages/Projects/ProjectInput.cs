using System.ComponentModel.DataAnnotations;
using LlmPages.Chat.Conversations;
using LlmPages.Data.Entities;

namespace LlmPages.Projects;

/// <summary>The project form, as posted: its name and description, and the defaults new chats in it start with.</summary>
public sealed class ProjectInput
{
    public const int MaxNameLength = 100;

    public const int MaxDescriptionLength = 1000;

    [Required(ErrorMessage = "Enter a name for the project.")]
    [StringLength(MaxNameLength, ErrorMessage = "A project name is at most 100 characters long.")]
    [Display(Name = "Name")]
    public string Name { get; set; } = "";

    [StringLength(MaxDescriptionLength, ErrorMessage = "A description is at most 1,000 characters long.")]
    [Display(Name = "Description")]
    public string? Description { get; set; }

    /// <summary>Each one optional: what is left empty comes from the person's own defaults.</summary>
    public ChatSettingsInput Defaults { get; set; } = new();

    /// <summary>The form showing a saved project.</summary>
    public static ProjectInput Of(Project project) => new()
    {
        Name = project.Name,
        Description = project.Description,
        Defaults = new ChatSettingsInput
        {
            ModelId = project.DefaultModelId,
            Temperature = project.DefaultTemperature,
            MaxTokens = project.DefaultMaxTokens,
            SystemPrompt = project.DefaultSystemPrompt,
            SystemPromptId = project.DefaultSystemPromptId,
        },
    };
}

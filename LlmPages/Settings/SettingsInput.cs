using System.ComponentModel.DataAnnotations;
using LlmPages.Data.Entities;

namespace LlmPages.Settings;

/// <summary>The settings form (<c>/settings</c>). The model is checked against the models offered by the page.</summary>
public sealed class SettingsInput
{
    [Display(Name = "Default model")]
    public int? DefaultModelId { get; set; }

    [Display(Name = "Temperature")]
    [Range(0.0, 2.0, ErrorMessage = "Temperature must be between 0 and 2.")]
    public double? DefaultTemperature { get; set; }

    [Display(Name = "Max tokens")]
    [Range(1, 1_000_000, ErrorMessage = "Max tokens must be a whole number from 1 to 1,000,000.")]
    public int? DefaultMaxTokens { get; set; }

    [Display(Name = "Default system prompt")]
    [StringLength(20_000, ErrorMessage = "The system prompt can be at most 20,000 characters long.")]
    public string? DefaultSystemPrompt { get; set; }

    /// <summary>A prompt from the shared library; its text replaces <see cref="DefaultSystemPrompt"/> when chosen.</summary>
    [Display(Name = "Default saved prompt")]
    public int? DefaultSystemPromptId { get; set; }

    [Display(Name = "Theme")]
    [EnumDataType(typeof(Theme), ErrorMessage = "Choose light, dark, or your device's setting.")]
    public Theme Theme { get; set; }

    [Display(Name = "Text size")]
    [EnumDataType(typeof(TextSize), ErrorMessage = "Choose small, normal or large text.")]
    public TextSize TextSize { get; set; }

    [Display(Name = "Sending a message")]
    public bool SendWithEnter { get; set; } = true;

    public static SettingsInput Of(UserSettings? saved)
    {
        saved ??= new UserSettings { UserId = "" };
        return new SettingsInput
        {
            DefaultModelId = saved.DefaultModelId,
            DefaultTemperature = saved.DefaultTemperature,
            DefaultMaxTokens = saved.DefaultMaxTokens,
            DefaultSystemPrompt = saved.DefaultSystemPrompt,
            DefaultSystemPromptId = saved.DefaultSystemPromptId,
            Theme = saved.Theme,
            TextSize = saved.TextSize,
            SendWithEnter = saved.SendWithEnter,
        };
    }

    public void ApplyTo(UserSettings row)
    {
        row.DefaultModelId = DefaultModelId;
        row.DefaultTemperature = DefaultTemperature;
        row.DefaultMaxTokens = DefaultMaxTokens;
        row.DefaultSystemPrompt = string.IsNullOrWhiteSpace(DefaultSystemPrompt) ? null : DefaultSystemPrompt.Trim();
        row.DefaultSystemPromptId = DefaultSystemPromptId;
        row.Theme = Theme;
        row.TextSize = TextSize;
        row.SendWithEnter = SendWithEnter;
    }
}

using System.Globalization;
using LlmPages.Chat.Conversations;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace LlmPages.Projects;

/// <summary>A page with the project form (create and edit): the shared fields partial binds to <c>Input</c>.</summary>
public interface IProjectForm
{
    ProjectInput Input { get; }

    /// <summary>The models a chat can use (<see cref="ChatSettings.ModelsAsync"/>).</summary>
    IReadOnlyList<ChatSettings.ModelChoice> Models { get; }

    /// <summary>The saved prompts offered (<see cref="ChatSettings.PromptsAsync"/>).</summary>
    IReadOnlyList<ChatSettings.PromptChoice> Prompts { get; }

    /// <summary>The models as options, a name shared by two providers' models told apart by the provider.</summary>
    static IReadOnlyList<SelectListItem> ModelOptions(IReadOnlyList<ChatSettings.ModelChoice> models) =>
        [.. models.Select(m => new SelectListItem(
            models.Count(x => x.Name == m.Name) > 1 ? $"{m.Name} ({m.ProviderName})" : m.Name, m.Id.ToString(CultureInfo.InvariantCulture)))];

    static IReadOnlyList<SelectListItem> PromptOptions(IReadOnlyList<ChatSettings.PromptChoice> prompts) =>
        [.. prompts.Select(p => new SelectListItem(p.Name, p.Id.ToString(CultureInfo.InvariantCulture)))];
}

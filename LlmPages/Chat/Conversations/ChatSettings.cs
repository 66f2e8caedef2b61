using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Prompts;
using LlmPages.Settings;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Chat.Conversations;

/// <summary>The models and saved prompts a person can choose from, their defaults, and checking a chat's settings.</summary>
public sealed class ChatSettings(AppDbContext db, PersonalSettings personal)
{
    public sealed record ModelChoice(int Id, string Name, string ProviderName, int MaxOutputTokens, bool IsDefault);

    public sealed record PromptChoice(int Id, string Name, string Content);

    /// <summary>Active models of active providers, default first then by name (its key: alike on both engines, <see cref="NameKeys"/>).</summary>
    public async Task<IReadOnlyList<ModelChoice>> ModelsAsync(CancellationToken cancellationToken) =>
        await db.AiModels.AsNoTracking()
            .Where(m => m.IsActive && m.Provider.IsActive)
            .OrderByDescending(m => m.IsDefault).ThenBy(m => m.DisplayNameKey).ThenBy(m => m.Provider.NameKey).ThenBy(m => m.Id)
            .Select(m => new ModelChoice(m.Id, m.DisplayName, m.Provider.Name, m.MaxOutputTokens, m.IsDefault))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<PromptChoice>> PromptsAsync(CancellationToken cancellationToken) =>
        await db.SystemPrompts.AsNoTracking()
            .Where(p => p.IsActive)
            .OrderBy(p => p.NameKey).ThenBy(p => p.Id)
            .Select(p => new PromptChoice(p.Id, p.Name, p.Content))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// A new chat's settings, field by field: the project's defaults when the chat starts in one, else the person's own
    /// (<see cref="PersonalSettings"/>, read once per request), else the app's default model; only a model and a saved prompt that are still offered,
    /// and no longer a reply than the model writes.
    /// </summary>
    public async Task<ChatSettingsInput> DefaultsAsync(string userId, ChatView view, CancellationToken cancellationToken)
    {
        var (models, project) = (view.Models, view.Project);
        var saved = await personal.ForAsync(userId, cancellationToken);
        var model = models.FirstOrDefault(m => m.Id == project?.DefaultModelId)
            ?? models.FirstOrDefault(m => m.Id == saved?.DefaultModelId) ?? models.FirstOrDefault();
        var maxTokens = project?.DefaultMaxTokens ?? saved?.DefaultMaxTokens;
        // The prompt comes whole from one place: the project's when it has one, else the person's; its library link with it.
        var (promptText, promptId) = project?.DefaultSystemPrompt is not null
            ? (project.DefaultSystemPrompt, project.DefaultSystemPromptId)
            : (saved?.DefaultSystemPrompt, saved?.DefaultSystemPromptId);
        return new ChatSettingsInput
        {
            ModelId = model?.Id,
            Temperature = project?.DefaultTemperature ?? saved?.DefaultTemperature,
            MaxTokens = model is { MaxOutputTokens: > 0 } && maxTokens > model.MaxOutputTokens ? model.MaxOutputTokens : maxTokens,
            SystemPrompt = promptText,
            SystemPromptId = view.Prompts.Any(p => p.Id == promptId) ? promptId : null,
        };
    }

    public async Task<bool> SendWithEnterAsync(string userId, CancellationToken cancellationToken) =>
        (await personal.ForAsync(userId, cancellationToken))?.SendWithEnter ?? true;

    public static ChatSettingsInput Of(Conversation conversation) => new()
    {
        ModelId = conversation.ModelId,
        Temperature = conversation.Temperature,
        MaxTokens = conversation.MaxTokens,
        SystemPrompt = conversation.SystemPrompt,
        SystemPromptId = conversation.SystemPromptId,
    };

    /// <summary>
    /// Whether checking <paramref name="input"/> needs the lists of models and prompts. Not when it keeps the chat's
    /// model and longest reply and uses no library prompt, as nearly every send does: those were checked when they were
    /// chosen, and the turn reads the model anyway and refuses one no longer offered. Then <see cref="CheckKept"/> is enough.
    /// </summary>
    public static bool NeedsChoices(ChatSettingsInput input, Conversation? saved) =>
        saved is null || input.SystemPromptId is not null || input.ModelId != saved.ModelId || input.MaxTokens != saved.MaxTokens;

    /// <summary><see cref="Check"/> for settings that need no lists (<see cref="NeedsChoices"/>): the typed prompt's variables.</summary>
    public static bool CheckKept(ChatSettingsInput input, ModelStateDictionary modelState, string prefix)
    {
        CheckPrompt(null, input.SystemPrompt, [], modelState, $"{prefix}.{nameof(input.SystemPromptId)}", $"{prefix}.{nameof(input.SystemPrompt)}");
        return modelState.IsValid;
    }

    /// <summary>
    /// Adds what the attributes cannot see to the form's errors, next to the field (<paramref name="prefix"/> is the
    /// input's name in the form): a model not offered, a reply longer than it allows, a saved prompt gone. True when
    /// the settings can be used. Defaults (a project's) may leave the model unchosen: <paramref name="modelRequired"/> false.
    /// </summary>
    public static bool Check(ChatSettingsInput input, IReadOnlyList<ModelChoice> models, IReadOnlyList<PromptChoice> prompts,
        ModelStateDictionary modelState, string prefix, bool modelRequired = true)
    {
        var model = models.FirstOrDefault(m => m.Id == input.ModelId);
        if (model is null && (modelRequired || input.ModelId is not null))
        {
            modelState.AddModelError($"{prefix}.{nameof(input.ModelId)}",
                input.ModelId is null ? "Choose a model." : "That model is not available any more. Choose another one.");
        }
        else if (model is not null && input.MaxTokens > model.MaxOutputTokens && model.MaxOutputTokens > 0)
        {
            modelState.AddModelError($"{prefix}.{nameof(input.MaxTokens)}", $"“{model.Name}” writes at most {model.MaxOutputTokens:N0} tokens per reply.");
        }
        CheckPrompt(input.SystemPromptId, input.SystemPrompt, prompts, modelState,
            $"{prefix}.{nameof(input.SystemPromptId)}", $"{prefix}.{nameof(input.SystemPrompt)}");
        return modelState.IsValid;
    }

    /// <summary>
    /// A prompt as the forms that choose one post it (chat settings, personal settings, projects): a library prompt still
    /// offered, or, when none is chosen, a typed text whose variables are all known (<see cref="PromptVariables"/>).
    /// </summary>
    public static void CheckPrompt(int? promptId, string? text, IReadOnlyList<PromptChoice> prompts, ModelStateDictionary modelState,
        string idField, string textField)
    {
        if (promptId is { } id && prompts.All(p => p.Id != id))
        {
            modelState.AddModelError(idField, "That saved prompt is not available any more. Choose another one, or write your own.");
        }
        else if (promptId is null && PromptVariables.Problem(text) is { } problem)
        {
            modelState.AddModelError(textField, problem);
        }
    }

    /// <summary>Saves checked settings on a chat (loaded by this request, so tracked) without sending anything.</summary>
    public async Task SaveAsync(Conversation conversation, ChatSettingsInput input, IReadOnlyList<PromptChoice> prompts, CancellationToken cancellationToken)
    {
        Apply(conversation, input, prompts);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Copies checked settings onto the conversation (a saved prompt's text is copied, not linked).</summary>
    public static void Apply(Conversation conversation, ChatSettingsInput input, IReadOnlyList<PromptChoice> prompts)
    {
        conversation.ModelId = input.ModelId;
        conversation.Temperature = input.Temperature;
        conversation.MaxTokens = input.MaxTokens;
        var saved = prompts.FirstOrDefault(p => p.Id == input.SystemPromptId);
        conversation.SystemPromptId = saved?.Id;
        conversation.SystemPrompt = saved?.Content ?? (string.IsNullOrWhiteSpace(input.SystemPrompt) ? null : input.SystemPrompt.Trim());
    }
}

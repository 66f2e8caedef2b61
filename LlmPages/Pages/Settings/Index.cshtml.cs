using LlmPages.Accounts;
using LlmPages.Chat.Conversations;
using LlmPages.Data.Entities;
using LlmPages.Settings;
using LlmPages.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Settings;

/// <summary>The person's settings: new chats' defaults, how the pages look, the Enter key. Used on every page.</summary>
[Authorize]
public sealed class IndexModel(PersonalSettings personal, ChatSettings chat) : PageModel
{
    [BindProperty]
    public SettingsInput Input { get; set; } = new();

    public IReadOnlyList<ChatSettings.ModelChoice> Models { get; private set; } = [];

    /// <summary>The active library prompts, offered as the default.</summary>
    public IReadOnlyList<ChatSettings.PromptChoice> Prompts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Models = await chat.ModelsAsync(cancellationToken);
        Prompts = await chat.PromptsAsync(cancellationToken);
        Input = SettingsInput.Of(await personal.ForAsync(User.UserId()!, cancellationToken));
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Models = await chat.ModelsAsync(cancellationToken);
        Prompts = await chat.PromptsAsync(cancellationToken);
        ChatSettings.CheckPrompt(Input.DefaultSystemPromptId, Input.DefaultSystemPrompt, Prompts, ModelState,
            $"{nameof(Input)}.{nameof(Input.DefaultSystemPromptId)}", $"{nameof(Input)}.{nameof(Input.DefaultSystemPrompt)}");
        var model = Models.FirstOrDefault(m => m.Id == Input.DefaultModelId);
        if (Input.DefaultModelId is not null && model is null)
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.DefaultModelId)}", "That model is not available any more. Choose another one.");
        }
        else if (model is { MaxOutputTokens: > 0 } && Input.DefaultMaxTokens > model.MaxOutputTokens)
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.DefaultMaxTokens)}",
                $"“{model.Name}” writes at most {model.MaxOutputTokens:N0} tokens per reply.");
        }
        if (!ModelState.IsValid)
        {
            return this.PageWithErrors();
        }
        // A library prompt's text is copied, as a chat copies it: deleting the prompt later leaves the default as it was.
        if (Prompts.FirstOrDefault(p => p.Id == Input.DefaultSystemPromptId) is { } chosen)
        {
            Input.DefaultSystemPrompt = chosen.Content;
        }
        await personal.SaveAsync(User.UserId()!, Input, cancellationToken);
        TempData.Flash("Your settings are saved.");
        return Redirect("/settings");
    }

    public Choices ThemeChoices => new($"{nameof(Input)}.{nameof(Input.Theme)}", "Theme",
        "Your device's setting switches between light and dark with it.", Input.Theme.ToString(),
        [(nameof(Theme.System), "Your device's setting"), (nameof(Theme.Light), "Light"), (nameof(Theme.Dark), "Dark")]);

    public Choices TextSizeChoices => new($"{nameof(Input)}.{nameof(Input.TextSize)}", "Text size", null, Input.TextSize.ToString(),
        [(nameof(TextSize.Small), "Small"), (nameof(TextSize.Normal), "Normal"), (nameof(TextSize.Large), "Large")]);

    public Choices SendChoices => new($"{nameof(Input)}.{nameof(Input.SendWithEnter)}", "Sending a message",
        "With JavaScript off, the Send button sends and Enter always starts a new line.", Input.SendWithEnter ? "true" : "false",
        [("true", "Enter sends, Shift+Enter starts a new line"), ("false", "Ctrl+Enter sends, Enter starts a new line")]);
}

using System.Net;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Settings;

/// <summary>
/// A person's settings (/settings): saved, shown again, used by every new chat and by every page (theme, text size,
/// the Enter key); bad values are refused next to their field and in the summary, keeping what was typed.
/// </summary>
public sealed class SettingsTests
{
    [Fact]
    public async Task ANewChatStartsWithThePersonsDefaults()
    {
        await using var chat = await SettingsSteps.StartWithTwoModelsAsync();
        using var user = await chat.NewUserAsync();
        var form = await user.GetAsync("/settings");

        var saved = await user.SubmitAsync(form, "main form", new Dictionary<string, string>
        {
            ["Input.DefaultModelId"] = form.OptionValue("#Input_DefaultModelId", "Second Model"),
            ["Input.DefaultTemperature"] = "0.4",
            ["Input.DefaultMaxTokens"] = "321",
            ["Input.DefaultSystemPrompt"] = "Answer in haiku.",
        });
        var composer = await user.GetAsync("/chat");
        await user.StartChatAsync("Write about autumn");

        Assert.Equal("/settings", saved.Url.AbsolutePath);
        Assert.Contains("Your settings are saved.", saved.Text("#flash"), StringComparison.Ordinal);
        Assert.Equal("0.4", saved.Find("#Input_DefaultTemperature")!.GetAttribute("value"));
        Assert.Equal("Answer in haiku.", saved.Find("#Input_DefaultSystemPrompt")!.TextContent.Trim());
        Assert.Equal("Second Model", composer.Find("#Settings_ModelId option[selected]")!.TextContent.Trim());
        Assert.Equal("321", composer.Find("#Settings_MaxTokens")!.GetAttribute("value"));
        var body = chat.Model.LastRequest("chat/completions").Body!;
        Assert.Equal("second-model", body["model"]!.GetValue<string>());
        Assert.Equal(0.4, body["temperature"]!.GetValue<double>(), 3);
        Assert.Equal(321, (body["max_completion_tokens"] ?? body["max_tokens"])!.GetValue<int>());
        Assert.Equal("system", body["messages"]![0]!["role"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Input.DefaultTemperature", "5", "Temperature must be between 0 and 2.")]
    [InlineData("Input.DefaultTemperature", "warm", "Temperature")]
    [InlineData("Input.DefaultMaxTokens", "0", "Max tokens must be a whole number from 1 to 1,000,000.")]
    [InlineData("Input.DefaultMaxTokens", "5000", "“Fake Model” writes at most 2,048 tokens per reply.")]
    [InlineData("Input.DefaultModelId", "999", "That model is not available any more.")]
    [InlineData("Input.Theme", "Purple", "Theme")]
    public async Task ABadSettingIsRefusedNextToItsFieldAndInTheSummary(string field, string value, string reason)
    {
        await using var chat = await SettingsSteps.StartWithTwoModelsAsync();
        using var user = await chat.NewUserAsync();
        var form = await user.GetAsync("/settings");

        var page = await user.SubmitAsync(form, "main form", new Dictionary<string, string>
        {
            ["Input.DefaultModelId"] = form.OptionValue("#Input_DefaultModelId", "Fake Model"),
            ["Input.DefaultSystemPrompt"] = "Kept as typed.",
            [field] = value,
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        var id = field.Replace('.', '_');
        Assert.Contains(reason, page.Text($"#{id}-error"), StringComparison.Ordinal);
        Assert.Contains(reason, page.Text("#error-summary"), StringComparison.Ordinal);
        Assert.NotNull(page.Find($"#error-summary a[href='#{id}']"));
        Assert.Equal("Kept as typed.", page.Find("#Input_DefaultSystemPrompt")!.TextContent.Trim());
        if (field != "Input.Theme")
        {
            Assert.Equal(value, page.Find($"#{id}") is AngleSharp.Html.Dom.IHtmlSelectElement ? value : page.Find($"#{id}")!.GetAttribute("value"));
        }
        Assert.Null(await chat.App.WithDbAsync(db => db.UserSettings.FirstOrDefaultAsync()));
    }

    [Fact]
    public async Task ATooLongSystemPromptIsRefusedAndKept()
    {
        await using var chat = await SettingsSteps.StartWithTwoModelsAsync();
        using var user = await chat.NewUserAsync();
        var prompt = new string('p', 20_001);

        var page = await user.SaveSettingsAsync(new Dictionary<string, string> { ["Input.DefaultSystemPrompt"] = prompt });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains("at most 20,000 characters", page.Text("#Input_DefaultSystemPrompt-error"), StringComparison.Ordinal);
        Assert.Equal(prompt, page.Find("#Input_DefaultSystemPrompt")!.TextContent);
    }

    [Fact]
    public async Task ThemeAndTextSizeAreWrittenByTheServerOnEveryPage()
    {
        await using var chat = await SettingsSteps.StartWithTwoModelsAsync();
        using var user = await chat.NewUserAsync();
        using var someoneElse = await chat.NewUserAsync();
        var before = await user.GetAsync("/chat");

        var saved = await user.SaveSettingsAsync(new Dictionary<string, string> { ["Input.Theme"] = "Dark", ["Input.TextSize"] = "Large" });
        var after = await user.GetAsync("/chat");
        var others = await someoneElse.GetAsync("/chat");
        var light = await user.SaveSettingsAsync(new Dictionary<string, string> { ["Input.Theme"] = "Light", ["Input.TextSize"] = "Small" });

        Assert.Null(before.Find("html")!.GetAttribute("data-theme"));
        Assert.Equal("light dark", before.Find("meta[name=color-scheme]")!.GetAttribute("content"));
        Assert.Equal("dark", saved.Find("html")!.GetAttribute("data-theme"));
        Assert.Equal("dark", after.Find("html")!.GetAttribute("data-theme"));
        Assert.Equal("large", after.Find("html")!.GetAttribute("data-text-size"));
        Assert.Equal("dark", after.Find("meta[name=color-scheme]")!.GetAttribute("content"));
        Assert.NotNull(after.Find("#Input_Theme-Dark") ?? saved.Find("#Input_Theme-Dark[checked]"));
        Assert.Null(others.Find("html")!.GetAttribute("data-theme"));
        Assert.Equal("light", light.Find("html")!.GetAttribute("data-theme"));
        Assert.Equal("small", light.Find("html")!.GetAttribute("data-text-size"));
        Assert.Equal("light", light.Find("meta[name=color-scheme]")!.GetAttribute("content"));
    }

    [Fact]
    public async Task TheComposerFollowsTheChosenSendKey()
    {
        await using var chat = await SettingsSteps.StartWithTwoModelsAsync();
        using var user = await chat.NewUserAsync();
        var before = await user.GetAsync("/chat");

        await user.SaveSettingsAsync(new Dictionary<string, string> { ["Input.SendWithEnter"] = "false" });
        var after = await user.GetAsync("/chat");
        var form = await user.GetAsync("/settings");

        Assert.Equal("true", before.Find("#composer")!.GetAttribute("data-send-with-enter"));
        Assert.Equal("false", after.Find("#composer")!.GetAttribute("data-send-with-enter"));
        Assert.Contains("Ctrl+Enter sends", after.Text("#Input_Text-hint"), StringComparison.Ordinal);
        Assert.NotNull(form.Find("#Input_SendWithEnter-false[checked]"));
    }

    [Fact]
    public async Task ANewChatKeepsASavedLimitWithinWhatItsModelWrites()
    {
        await using var chat = await SettingsSteps.StartWithTwoModelsAsync();
        using var user = await chat.NewUserAsync();
        var form = await user.GetAsync("/settings");
        await user.SubmitAsync(form, "main form", new Dictionary<string, string>
        {
            ["Input.DefaultModelId"] = form.OptionValue("#Input_DefaultModelId", "Fake Model"),
            ["Input.DefaultMaxTokens"] = "2000",
        });
        // An admin lowers the model's limit afterwards.
        await chat.App.WithDbAsync(db => db.AiModels.ExecuteUpdateAsync(s => s.SetProperty(m => m.MaxOutputTokens, 1000)));

        var page = await user.StartChatAsync("Hello");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Null(page.Find("#Settings_MaxTokens-error"));
        Assert.Equal("1000", page.Find("#Settings_MaxTokens")!.GetAttribute("value"));
    }
}

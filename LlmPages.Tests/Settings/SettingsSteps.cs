using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;

namespace LlmPages.Tests.Settings;

public static class SettingsSteps
{
    /// <summary>The app with two models: the default "Fake Model" and "Second Model", which writes at most 500 tokens.</summary>
    public static Task<ChatApp> StartWithTwoModelsAsync(bool kestrel = false) =>
        ChatApp.StartAsync(new Dictionary<string, string?>
        {
            ["LlmPages:Jobs:RunServer"] = "false",
            ["LlmPages:Providers:0:Models:1:Id"] = "second-model",
            ["LlmPages:Providers:0:Models:1:DisplayName"] = "Second Model",
            ["LlmPages:Providers:0:Models:1:MaxOutputTokens"] = "500",
        }, kestrel: kestrel);

    /// <summary>Fills the settings form with these values (the rest as the page shows them) and saves it.</summary>
    public static async Task<HtmlPage> SaveSettingsAsync(this HtmlClient client, IReadOnlyDictionary<string, string> values)
    {
        var page = await client.GetAsync("/settings");
        return await client.SubmitAsync(page, "main form", values);
    }

    /// <summary>The value of an option whose text is <paramref name="text"/> in the select <paramref name="selector"/>.</summary>
    public static string OptionValue(this HtmlPage page, string selector, string text) =>
        page.FindAll($"{selector} option").First(o => o.TextContent.Trim() == text).GetAttribute("value")!;
}

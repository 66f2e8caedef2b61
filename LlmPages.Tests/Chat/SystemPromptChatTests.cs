using System.Net;
using System.Text.Json.Nodes;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace LlmPages.Tests.Chat;

/// <summary>
/// Library prompts and typed prompts in chats and personal settings: variables are filled in when a message is sent
/// (in the app's time zone), unknown ones are refused when saved, and a deleted library prompt leaves its text behind.
/// </summary>
public sealed class SystemPromptChatTests
{
    // 22:30 UTC on 31 March is already 00:30 on Wednesday 1 April in Paris: the zone decides the date.
    private static readonly DateTimeOffset Now = new(2026, 3, 31, 22, 30, 0, TimeSpan.Zero);

    private const string Dated = "Hello {{user_name}}, it is {{weekday}} {{ date }} {{time}} ({{timezone}}); you are {{model}}.";

    private const string Filled = "Hello Vera Variable, it is Wednesday 2026-04-01 00:30 (Europe/Paris); you are Fake Model.";

    private static Task<ChatApp> StartAsync()
    {
        var clock = new FakeTimeProvider(Now);
        return ChatApp.StartAsync(
            new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false", ["LlmPages:TimeZone"] = "Europe/Paris" },
            services: s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
    }

    private static async Task<(HtmlClient Admin, int PromptId)> AddPromptAsync(ChatApp chat, string name, string content)
    {
        var admin = chat.App.CreateHtmlClient();
        await admin.LoginAsync(AppFactory.AdminEmail);
        await admin.CreatePromptAsync(name, content);
        return (admin, (await chat.App.PromptAsync(name)).Id);
    }

    [Fact]
    public async Task ALibraryPromptChosenInAChatIsSentWithItsVariablesFilledIn()
    {
        await using var chat = await StartAsync();
        var (_, promptId) = await AddPromptAsync(chat, "Dated", Dated);
        using var user = await chat.NewUserAsync("Vera Variable");

        var page = await user.ComposeAsync("/chat", new Dictionary<string, string>
        {
            ["Input.Text"] = "What day is it?",
            ["Settings.SystemPromptId"] = promptId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.Equal(Filled, SystemMessage(chat));
        var id = page.ConversationId();
        var saved = await chat.App.WithDbAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.Id == id));
        Assert.Equal((promptId, Dated), (saved.SystemPromptId, saved.SystemPrompt)); // kept as written, filled at each send
        page = await user.GetAsync($"/chat/{id}");
        Assert.Contains("prompt “Dated”", page.Text("#composer summary"), StringComparison.Ordinal);
        Assert.Equal("Dated", page.Text("#Settings_SystemPromptId option[selected]"));
    }

    [Fact]
    public async Task APromptTypedInAChatGetsTheSameVariables()
    {
        await using var chat = await StartAsync();
        using var user = await chat.NewUserAsync("Vera Variable");
        var id = (await user.StartChatAsync("Hello")).ConversationId();

        await user.SaveSettingsAsync(id, new Dictionary<string, string> { ["Settings.SystemPrompt"] = Dated });
        await user.SendAsync(id, "And now?");

        Assert.Equal(Filled, SystemMessage(chat));
        Assert.Contains("its own system prompt", (await user.GetAsync($"/chat/{id}")).Text("#composer summary"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATypedPromptWithAnUnknownVariableIsRefusedInTheChatAndNothingIsSent()
    {
        await using var chat = await StartAsync();
        using var user = await chat.NewUserAsync("Vera Variable");
        var id = (await user.StartChatAsync("Hello")).ConversationId();
        var requests = chat.Model.Requests.Count;

        var saved = await user.SaveSettingsAsync(id, new Dictionary<string, string> { ["Settings.SystemPrompt"] = "Call me {{usr_name}}." });
        var sent = await user.ComposeAsync($"/chat/{id}", new Dictionary<string, string>
        {
            ["Input.Text"] = "Typed text",
            ["Settings.SystemPrompt"] = "Call me {{usr_name}}.",
        });

        Assert.Contains("“{{usr_name}}” is not a variable this app knows.", saved.Text("#Settings_SystemPrompt-error"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, sent.Status);
        Assert.Contains("“{{usr_name}}” is not a variable this app knows.", sent.Text("#Settings_SystemPrompt-error"), StringComparison.Ordinal);
        Assert.Equal("Typed text", sent.Find("#Input_Text")!.TextContent);
        Assert.Equal(requests, chat.Model.Requests.Count);
        Assert.Null(await chat.App.WithDbAsync(db => db.Conversations.Where(c => c.Id == id).Select(c => c.SystemPrompt).SingleAsync()));
    }

    [Fact]
    public async Task ALibraryPromptChosenInPersonalSettingsStartsEveryNewChat()
    {
        await using var chat = await StartAsync();
        var (_, promptId) = await AddPromptAsync(chat, "Dated", Dated);
        using var user = await chat.NewUserAsync("Vera Variable");
        var value = promptId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var settings = await user.SaveSettingsAsync(new Dictionary<string, string> { ["Input.DefaultSystemPromptId"] = value });
        Assert.Contains("Your settings are saved.", settings.Text("#flash"), StringComparison.Ordinal);
        Assert.Equal("Dated", settings.Text("#Input_DefaultSystemPromptId option[selected]"));
        var composer = await user.GetAsync("/chat");
        Assert.Equal(value, composer.Find("#Settings_SystemPromptId option[selected]")!.GetAttribute("value"));
        await user.StartChatAsync("Hello");

        Assert.Equal(Filled, SystemMessage(chat));
    }

    [Fact]
    public async Task ATypedDefaultPromptWithAnUnknownVariableIsRefusedInPersonalSettings()
    {
        await using var chat = await StartAsync();
        using var user = await chat.NewUserAsync("Vera Variable");

        var page = await user.SaveSettingsAsync(new Dictionary<string, string> { ["Input.DefaultSystemPrompt"] = "Today is {{today}}." });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains("“{{today}}” is not a variable this app knows.", page.Text("#Input_DefaultSystemPrompt-error"), StringComparison.Ordinal);
        Assert.Equal("Today is {{today}}.", page.Text("#Input_DefaultSystemPrompt"));
        Assert.Null(await chat.App.WithDbAsync(db => db.UserSettings.Select(s => s.DefaultSystemPrompt).FirstOrDefaultAsync()));
    }

    [Fact]
    public async Task DeletingALibraryPromptLeavesItsTextWithTheChatsAndSettingsThatChoseIt()
    {
        await using var chat = await StartAsync();
        var (admin, promptId) = await AddPromptAsync(chat, "Dated", Dated);
        using var user = await chat.NewUserAsync("Vera Variable");
        var value = promptId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await user.SaveSettingsAsync(new Dictionary<string, string> { ["Input.DefaultSystemPromptId"] = value });
        var id = (await user.StartChatAsync("Hello")).ConversationId();

        var confirm = await admin.GetAsync($"/admin/prompts/{promptId}/delete");
        Assert.Contains("1 chat chose it. They keep working", confirm.Text("main"), StringComparison.Ordinal);
        await admin.SubmitAsync(confirm, "main form[data-confirm]");
        await user.SendAsync(id, "Still there?");

        Assert.Equal(Filled, SystemMessage(chat));
        var saved = await chat.App.WithDbAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.Id == id));
        Assert.Equal((null, Dated), (saved.SystemPromptId, saved.SystemPrompt));
        var page = await user.GetAsync($"/chat/{id}");
        Assert.Contains("its own system prompt", page.Text("#composer summary"), StringComparison.Ordinal);
        Assert.Equal(Dated, page.Text("#Settings_SystemPrompt"));
        var defaults = await chat.App.WithDbAsync(db => db.UserSettings.AsNoTracking().SingleAsync());
        Assert.Equal((null, Dated), (defaults.DefaultSystemPromptId, defaults.DefaultSystemPrompt));
    }

    private static string SystemMessage(ChatApp chat)
    {
        var first = chat.Model.LastRequest("chat/completions").Body!["messages"]!.AsArray()[0]!;
        Assert.Equal("system", first["role"]!.GetValue<string>());
        return first["content"] is JsonArray parts ? string.Concat(parts.Select(p => p!["text"]?.GetValue<string>())) : first["content"]!.GetValue<string>();
    }
}

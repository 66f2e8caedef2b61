using System.Net;
using System.Text.Json.Nodes;
using LlmPages.Tests.Admin;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Chat;

/// <summary>
/// A chat's settings are saved on the chat and reach the model with every message; bad settings are refused with
/// a clear reason, keeping what was typed, and never break the page.
/// </summary>
public sealed class ChatSettingsTests
{
    [Fact]
    public async Task SavedSettingsReachTheModelWithTheNextMessage()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false" });
        using var user = await chat.NewUserAsync();
        var id = (await user.StartChatAsync("Hello")).ConversationId();

        var saved = await user.SaveSettingsAsync(id, new Dictionary<string, string>
        {
            ["Settings.Temperature"] = "0.3",
            ["Settings.MaxTokens"] = "123",
            ["Settings.SystemPrompt"] = "Answer like a pirate.",
        });
        await user.SendAsync(id, "Where is the treasure?");

        Assert.Equal(HttpStatusCode.OK, saved.Status);
        Assert.Contains("Chat settings saved.", saved.Text("#flash"), StringComparison.Ordinal);
        var body = chat.Model.LastRequest("chat/completions").Body!;
        Assert.Equal(0.3, body["temperature"]!.GetValue<double>(), 3);
        Assert.Equal(123, (body["max_completion_tokens"] ?? body["max_tokens"])!.GetValue<int>());
        var messages = body["messages"]!.AsArray();
        Assert.Equal("system", messages[0]!["role"]!.GetValue<string>());
        Assert.Equal("Answer like a pirate.", Text(messages[0]!));
        Assert.Equal("Where is the treasure?", Text(messages[^1]!));
        // The page shows the chat's own settings again.
        var page = await user.GetAsync($"/chat/{id}");
        Assert.Equal("0.3", page.Find("#Settings_Temperature")!.GetAttribute("value"));
        Assert.Equal("123", page.Find("#Settings_MaxTokens")!.GetAttribute("value"));
        Assert.Equal("Answer like a pirate.", page.Find("#Settings_SystemPrompt")!.TextContent.Trim());
    }

    [Fact]
    public async Task SettingsArePerChat()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false" });
        using var user = await chat.NewUserAsync();
        var pirate = (await user.StartChatAsync("Hello")).ConversationId();
        var plain = (await user.StartChatAsync("Hello again")).ConversationId();
        await user.SaveSettingsAsync(pirate, new Dictionary<string, string> { ["Settings.SystemPrompt"] = "Answer like a pirate." });

        await user.SendAsync(plain, "Plain question");

        var messages = chat.Model.LastRequest("chat/completions").Body!["messages"]!.AsArray();
        Assert.DoesNotContain(messages, m => m!["role"]!.GetValue<string>() == "system");
        Assert.Null(await chat.App.WithDbAsync(db => db.Conversations.Where(c => c.Id == plain).Select(c => c.SystemPrompt).SingleAsync()));
    }

    [Fact]
    public async Task AModelTurnedOffAfterTheChatChoseItRefusesTheNextMessageWithAReasonAndKeepsTheText()
    {
        // The send keeps the chat's settings, so it checks them against no list: the turn finds the model turned off.
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false" });
        using var user = await chat.NewUserAsync();
        var id = (await user.StartChatAsync("Hello")).ConversationId();
        var form = await user.GetAsync($"/chat/{id}");
        await chat.App.WithDbAsync(async db =>
        {
            // Another model stays on, so the page still has a composer to show the reason in.
            var chosen = await db.AiModels.SingleAsync();
            db.AiModels.Add(new LlmPages.Data.Entities.AiModel
            {
                ProviderId = chosen.ProviderId,
                WireModelId = "other-model",
                DisplayName = "Other model",
                ContextWindow = 8192,
                MaxOutputTokens = 1024,
            });
            chosen.IsActive = false;
            return await db.SaveChangesAsync();
        });
        var requests = chat.Model.Requests.Count;

        var page = await user.SubmitAsync(form, "#composer", new Dictionary<string, string> { ["Input.Text"] = "Still there?" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains("is no longer available. Choose another one in the chat settings.", page.Text("#composer"), StringComparison.Ordinal);
        Assert.Equal("Still there?", page.Find("#Input_Text")!.TextContent);
        Assert.Equal(2, (await chat.App.MessagesAsync(id)).Count);
        Assert.Equal(requests, chat.Model.Requests.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WhenTheLastModelIsTurnedOffARefusedMessageStaysOnThePageWithItsReason(bool inNewChat)
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false" });
        using var user = await chat.NewUserAsync();
        var id = (await user.StartChatAsync("Hello")).ConversationId();
        var url = inNewChat ? "/chat" : $"/chat/{id}";
        var form = await user.GetAsync(url);
        await chat.App.WithDbAsync(async db =>
        {
            (await db.AiModels.SingleAsync()).IsActive = false;
            return await db.SaveChangesAsync();
        });
        var requests = chat.Model.Requests.Count;

        var page = await user.SubmitAsync(form, "#composer", new Dictionary<string, string> { ["Input.Text"] = "Words worth keeping" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Equal("No model to chat with yet", page.Find(".empty-state h2")!.TextContent);
        Assert.Equal("Words worth keeping", page.Find("#Input_Text")!.TextContent);
        Assert.Contains(inNewChat ? "That model is not available any more." : "is no longer available.", page.Text("#composer"), StringComparison.Ordinal);
        Assert.Equal(2, (await chat.App.MessagesAsync(id)).Count);
        Assert.Equal(requests, chat.Model.Requests.Count);
        // A page read afresh, with nothing typed, has no composer to send with.
        Assert.Null((await user.GetAsync(url)).Find("#composer"));
    }

    [Theory]
    [InlineData("Settings.Temperature", "5", "Temperature must be between 0 and 2.")]
    [InlineData("Settings.MaxTokens", "5000", "writes at most 2,048 tokens per reply")]
    [InlineData("Settings.ModelId", "999", "That model is not available any more.")]
    [InlineData("Settings.MaxTokens", "lots", "Max tokens")]
    public async Task ABadSettingRefusesTheMessageWithAReasonAndKeepsTheText(string field, string value, string reason)
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false" });
        using var user = await chat.NewUserAsync();
        var id = (await user.StartChatAsync("Hello")).ConversationId();
        var requests = chat.Model.Requests.Count;

        var page = await user.ComposeAsync($"/chat/{id}", new Dictionary<string, string> { ["Input.Text"] = "My carefully typed text", [field] = value });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains(reason, page.Text("#composer"), StringComparison.Ordinal);
        Assert.Equal("My carefully typed text", page.Find("#Input_Text")!.TextContent);
        Assert.NotNull(page.Find("#composer details[open]")); // the settings are opened to show the problem
        Assert.Equal(2, (await chat.App.MessagesAsync(id)).Count);
        Assert.Equal(requests, chat.Model.Requests.Count);
    }

    [Theory]
    [InlineData("Settings.Temperature", "5", "Temperature must be between 0 and 2.")]
    [InlineData("Settings.MaxTokens", "5000", "writes at most 2,048 tokens per reply")]
    [InlineData("Settings.ModelId", "999", "That model is not available any more.")]
    public async Task ABadSettingIsNotSavedAndThePageSaysWhy(string field, string value, string reason)
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false" });
        using var user = await chat.NewUserAsync();
        var id = (await user.StartChatAsync("Hello")).ConversationId();
        var before = await chat.App.WithDbAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.Id == id));

        var page = await user.SaveSettingsAsync(id, new Dictionary<string, string> { ["Input.Text"] = "Half-written message", [field] = value });

        Assert.True(page.Status is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity, page.Status.ToString());
        Assert.Contains(reason, page.Text("#composer"), StringComparison.Ordinal);
        Assert.Equal("Half-written message", page.Find("#Input_Text")!.TextContent);
        var after = await chat.App.WithDbAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.Id == id));
        Assert.Equal((before.ModelId, before.Temperature, before.MaxTokens), (after.ModelId, after.Temperature, after.MaxTokens));
    }

    private static string Text(JsonNode message) =>
        message["content"] is JsonArray parts
            ? string.Concat(parts.Select(p => p!["text"]?.GetValue<string>()))
            : message["content"]!.GetValue<string>();
}

using System.Text.Json.Nodes;
using LlmPages.Data.Entities;
using LlmPages.Llm;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.Chat;

/// <summary>A long chat is trimmed to fit the model's context window: the oldest messages go first, the system prompt never.</summary>
public sealed class ContextWindowTests
{
    [Fact]
    public async Task TheOldestMessagesAreLeftOutButTheSystemPromptIsKeptAndThePageSaysSo()
    {
        // 600 tokens of window, 100 kept for the reply: room for two long messages, not three.
        await using var chat = await ChatApp.StartAsync(
            new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false", ["LlmPages:Providers:0:Models:0:MaxOutputTokens"] = "100" },
            contextWindow: 600);
        using var user = await chat.NewUserAsync();
        var id = (await user.StartChatAsync(Long("first"))).ConversationId();
        await user.SaveSettingsAsync(id, new Dictionary<string, string> { ["Settings.SystemPrompt"] = "Be brief." });
        await user.SendAsync(id, Long("second"));
        var secondRequest = Contents(chat);

        var page = await user.SendAsync(id, Long("third"));
        var thirdRequest = Contents(chat);

        Assert.Contains(secondRequest, c => c.StartsWith("first", StringComparison.Ordinal)); // everything still fitted
        Assert.Equal("Be brief.", thirdRequest[0]);
        Assert.DoesNotContain(thirdRequest, c => c.StartsWith("first", StringComparison.Ordinal));
        Assert.Contains(thirdRequest, c => c.StartsWith("second", StringComparison.Ordinal));
        Assert.StartsWith("third", thirdRequest[^1], StringComparison.Ordinal);
        var note = page.FindAll(".message--assistant[id] .message__note").Last().TextContent;
        Assert.Contains("left out of this reply's prompt", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMessageTooLongForTheWindowOnItsOwnIsRefusedWithAReason()
    {
        await using var chat = await ChatApp.StartAsync(
            new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false", ["LlmPages:Providers:0:Models:0:MaxOutputTokens"] = "100" },
            contextWindow: 600);
        using var user = await chat.NewUserAsync();

        var page = await user.ComposeAsync("/chat", new Dictionary<string, string> { ["Input.Text"] = string.Join(' ', Enumerable.Repeat("word", 800)) });

        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains("Your message is too long for this model", page.Text("#composer"), StringComparison.Ordinal);
        Assert.DoesNotContain(chat.Model.Requests, r => r.Path.EndsWith("chat/completions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AChatThatFitsItsWindowIsSentWithoutLoadingTheTokenizerWhenTheServerReportsUsage()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false" });
        using var user = await chat.NewUserAsync();

        var id = (await user.StartChatAsync("Hello there")).ConversationId();
        var reply = await chat.App.WaitForReplyAsync((await chat.App.MessagesAsync(id)).Single(m => m.Role == MessageRole.Assistant).Id);

        Assert.Equal((12, 4), (reply.PromptTokens, reply.CompletionTokens)); // the server's own figures
        Assert.False(chat.App.Services.GetRequiredService<TokenCounter>().IsLoaded); // its 40 MB vocabulary never loaded
    }

    [Fact]
    public async Task TokensAreCountedWhenTheServerReportsNone()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false" });
        chat.Model.Script.Usage = null;
        using var user = await chat.NewUserAsync();

        var id = (await user.StartChatAsync("Hello, world!")).ConversationId();
        var reply = await chat.App.WaitForReplyAsync((await chat.App.MessagesAsync(id)).Single(m => m.Role == MessageRole.Assistant).Id);

        // "Hello, world!" is 4 tokens, plus 4 of framing and 3 priming the reply.
        Assert.Equal(4 + TokenCounter.TokensPerMessage + TokenCounter.TokensPerReply, reply.PromptTokens);
        Assert.Equal(new TokenCounter().Count(reply.Content), reply.CompletionTokens);
    }

    /// <summary>About 200 tokens, starting with a marker word.</summary>
    private static string Long(string marker) => marker + " " + string.Join(' ', Enumerable.Repeat("apple", 200));

    private static List<string> Contents(ChatApp chat) =>
        [.. chat.Model.LastRequest("chat/completions").Body!["messages"]!.AsArray().Select(m => m!["content"] is JsonArray parts
            ? string.Concat(parts.Select(p => p!["text"]?.GetValue<string>()))
            : m["content"]!.GetValue<string>())];
}

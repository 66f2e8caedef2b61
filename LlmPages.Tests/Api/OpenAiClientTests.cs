using System.Text.Json.Nodes;
using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure.FakeModels;
using Microsoft.EntityFrameworkCore;
using OpenAI.Chat;

namespace LlmPages.Tests.Api;

/// <summary>
/// OpenAI's official .NET client, pointed at LlmPages over real HTTP, lists the models and gets replies, whole and
/// streamed, from the provider's model; every call leaves a usage row with its key, and none leaves a chat.
/// </summary>
public sealed class OpenAiClientTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiApp Api => fixture.Api;

    [Fact]
    public async Task TheClientListsTheActiveModelsByTheirProviderAndWireIds()
    {
        var person = await Api.NewPersonAsync();

        var models = (await Api.OpenAi(person.Key).GetOpenAIModelClient().GetModelsAsync()).Value;

        var model = Assert.Single(models);
        Assert.Equal(ApiApp.ModelId, model.Id);
        Assert.Equal("Fake", model.OwnedBy);
    }

    [Fact]
    public async Task TheClientGetsAWholeReplyWithItsUsageAndTheCallIsLoggedWithItsKeyButNotSavedAsAChat()
    {
        Api.Model.Script.Tokens = ["Hello", ",", " world", "!"];
        var person = await Api.NewPersonAsync();

        var completion = (await Api.OpenAiChat(person.Key).CompleteChatAsync([new UserChatMessage("Say hello")])).Value;

        Assert.Equal("Hello, world!", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(ApiApp.ModelId, completion.Model);
        Assert.Equal(12, completion.Usage.InputTokenCount);
        Assert.Equal(4, completion.Usage.OutputTokenCount);
        Assert.Equal(FakeScript.WireModel, Api.Model.LastRequest("chat/completions").Body!["model"]!.GetValue<string>());
        var row = Assert.Single(await Api.UsageOfAsync(person.KeyId));
        Assert.Equal((person.UserId, MessageStatus.Complete, 12, 4, (Guid?)null), (row.UserId, row.Status, row.PromptTokens, row.CompletionTokens, row.ConversationId));
        Assert.NotNull(row.TimeToFirstTokenMs);
        Assert.NotNull(row.DurationMs);
        Assert.Equal(0, await Api.App.WithDbAsync(db => db.Conversations.CountAsync(c => c.OwnerId == person.UserId)));
    }

    [Fact]
    public async Task TheClientStreamsAReplyPieceByPieceWithTheUsageInItsLastChunk()
    {
        Api.Model.Script.Tokens = ["One", " two", " three"];
        var person = await Api.NewPersonAsync();

        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in Api.OpenAiChat(person.Key).CompleteChatStreamingAsync([new UserChatMessage("Count")]))
        {
            updates.Add(update);
        }

        Assert.Equal("One two three", string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text)));
        Assert.Equal(["One", " two", " three"], updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text).Where(t => t.Length > 0));
        Assert.Contains(updates, u => u.FinishReason == ChatFinishReason.Stop);
        Assert.Equal(16, updates[^1].Usage?.TotalTokenCount);
        Assert.Equal(MessageStatus.Complete, Assert.Single(await Api.UsageOfAsync(person.KeyId)).Status);
    }

    [Fact]
    public async Task TemperatureMaxTokensStopAndTheMessageRolesPassThroughToTheModel()
    {
        Api.Model.Script.Tokens = ["Fine."];
        var person = await Api.NewPersonAsync();
        var options = new ChatCompletionOptions { Temperature = 0.25f, MaxOutputTokenCount = 50, StopSequences = { "END" } };

        await Api.OpenAiChat(person.Key).CompleteChatAsync(
            [new SystemChatMessage("Be brief."), new UserChatMessage("Hi"), new AssistantChatMessage("Hello."), new UserChatMessage("How are you?")],
            options);

        var sent = Api.Model.LastRequest("chat/completions").Body!;
        Assert.Equal(0.25, sent["temperature"]!.GetValue<double>(), 3);
        Assert.Equal(50, (sent["max_completion_tokens"] ?? sent["max_tokens"])!.GetValue<int>());
        Assert.Equal(["END"], sent["stop"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(
            [("system", "Be brief."), ("user", "Hi"), ("assistant", "Hello."), ("user", "How are you?")],
            sent["messages"]!.AsArray().Select(m => (m!["role"]!.GetValue<string>(), Text(m["content"]!))));
    }

    [Fact]
    public async Task EachKeysCallsAreItsOwnersAndCarryNothingOfAnotherPersons()
    {
        Api.Model.Script.Tokens = ["Noted."];
        var alice = await Api.NewPersonAsync("Alice");
        var bob = await Api.NewPersonAsync("Bob");

        await Api.OpenAiChat(alice.Key).CompleteChatAsync([new UserChatMessage("Alice's secret is 4711")]);
        await Api.OpenAiChat(bob.Key).CompleteChatAsync([new UserChatMessage("What did the others say?")]);

        var bobsPrompt = Api.Model.LastRequest("chat/completions").Body!["messages"]!.ToJsonString();
        Assert.DoesNotContain("4711", bobsPrompt, StringComparison.Ordinal);
        Assert.Equal(alice.UserId, Assert.Single(await Api.UsageOfAsync(alice.KeyId)).UserId);
        Assert.Equal(bob.UserId, Assert.Single(await Api.UsageOfAsync(bob.KeyId)).UserId);
    }

    private static string Text(JsonNode content) => content is JsonArray parts
        ? string.Concat(parts.Select(p => p!["text"]?.GetValue<string>()))
        : content.GetValue<string>();
}

using LlmPages.Data.Entities;
using LlmPages.Tests.Infrastructure.FakeModels;
using Microsoft.Extensions.AI;

namespace LlmPages.Tests.Llm;

[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
public sealed class ChatClientTests : IDisposable
{
    private readonly LlmServices services = new();

    private static readonly ChatMessage[] Question = [new(ChatRole.User, "Say hello")];

    [Theory]
    [MemberData(nameof(LlmServices.Kinds), MemberType = typeof(LlmServices))]
    public async Task StreamingAReplyYieldsTheScriptedTokensInOrderAndTheUsage(ProviderKind kind)
    {
        await using var server = await LlmServices.StartFakeAsync(kind);
        server.Script.Tokens = ["The", " quick", " brown", " fox"];
        server.Script.Usage = new FakeUsage(21, 7);
        var client = services.ClientFor(kind, server);

        var texts = new List<string>();
        UsageDetails? usage = null;
        await foreach (var update in client.GetStreamingResponseAsync(Question))
        {
            if (update.Text.Length > 0)
            {
                texts.Add(update.Text);
            }
            usage = update.Contents.OfType<UsageContent>().LastOrDefault()?.Details ?? usage;
        }

        Assert.Equal(["The", " quick", " brown", " fox"], texts);
        Assert.NotNull(usage);
        Assert.Equal(21, usage.InputTokenCount);
        Assert.Equal(7, usage.OutputTokenCount);
    }

    [Theory]
    [MemberData(nameof(LlmServices.Kinds), MemberType = typeof(LlmServices))]
    public async Task AReplyThatDoesNotStreamComesWholeWithItsUsage(ProviderKind kind)
    {
        await using var server = await LlmServices.StartFakeAsync(kind);
        server.Script.Tokens = ["Hello", ",", " world", "!"];
        server.Script.Usage = new FakeUsage(12, 4);
        var client = services.ClientFor(kind, server);

        var response = await client.GetResponseAsync(Question);

        Assert.Equal("Hello, world!", response.Text);
        Assert.Equal(12, response.Usage?.InputTokenCount);
        Assert.Equal(4, response.Usage?.OutputTokenCount);
    }

    [Theory]
    [MemberData(nameof(LlmServices.Kinds), MemberType = typeof(LlmServices))]
    public async Task TheConversationAndTheModelReachTheServer(ProviderKind kind)
    {
        await using var server = await LlmServices.StartFakeAsync(kind);
        var client = services.ClientFor(kind, server);

        await client.GetResponseAsync([new(ChatRole.System, "Be brief."), new(ChatRole.User, "Say hello")]);

        var body = server.Requests.Single(r => r.Method == "POST").Body!;
        Assert.Equal(FakeScript.WireModel, body["model"]!.GetValue<string>());
        Assert.Contains("Say hello", body.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Be brief.", body.ToJsonString(), StringComparison.Ordinal);
    }

    public void Dispose() => services.Dispose();
}

using LlmPages.Data.Entities;
using LlmPages.Llm;
using LlmPages.Tests.Infrastructure.FakeModels;
using Microsoft.Extensions.AI;

namespace LlmPages.Tests.Llm;

[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
public sealed class ChatClientCacheTests : IDisposable
{
    private readonly LlmServices services = new();

    [Fact]
    public async Task TheSameClientIsReturnedUntilTheProviderChangesThenANewOneWithTheNewKey()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Script.ExpectedApiKey = "new-key-0123456789";
        var secrets = services.Get<ProviderSecrets>();
        var cache = services.Get<ChatClientCache>();
        var (provider, model) = Entities(server, secrets.Protect("old-key-0123456789"));

        var first = cache.GetClient(provider, model);
        Assert.Same(first, cache.GetClient(provider, model));
        var refused = await Record.ExceptionAsync(() => first.GetResponseAsync("Hi"));
        Assert.Equal(ProviderErrorKind.WrongKey, Assert.IsType<ProviderException>(refused).Error.Kind);

        // The admin saves a new key: the row gets a new UpdatedAt.
        provider.ProtectedApiKey = secrets.Protect("new-key-0123456789");
        provider.UpdatedAt = provider.UpdatedAt.AddSeconds(1);
        var second = cache.GetClient(provider, model);

        Assert.NotSame(first, second);
        Assert.Same(second, cache.GetClient(provider, model));
        Assert.Equal("Hello, world!", (await second.GetResponseAsync("Hi")).Text);
        Assert.Equal("Bearer new-key-0123456789", server.LastRequest("/chat/completions").Header("Authorization"));
    }

    [Fact]
    public async Task EachModelOfAProviderHasItsOwnClient()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Script.Models = [new("fake-model", "Fake"), new("other-model", "Other")];
        var cache = services.Get<ChatClientCache>();
        var (provider, model) = Entities(server, null);
        var other = new AiModel { Id = 2, ProviderId = provider.Id, Provider = provider, WireModelId = "other-model", DisplayName = "Other" };

        var a = cache.GetClient(provider, model);
        var b = cache.GetClient(provider, other);
        await a.GetResponseAsync("Hi");
        await b.GetResponseAsync("Hi");

        Assert.NotSame(a, b);
        Assert.Equal(["fake-model", "other-model"],
            server.Requests.Where(r => r.Method == "POST").Select(r => r.Body!["model"]!.GetValue<string>()));
    }

    [Fact]
    public void AnEditedModelGetsANewClient()
    {
        var cache = services.Get<ChatClientCache>();
        var provider = new AiProvider { Id = 1, Name = "Local", Kind = ProviderKind.Anthropic, BaseUrl = "http://127.0.0.1:9/" };
        var model = new AiModel { Id = 1, ProviderId = 1, Provider = provider, WireModelId = "m", DisplayName = "M", MaxOutputTokens = 1000 };

        var first = cache.GetClient(provider, model);
        model.MaxOutputTokens = 2000;
        model.UpdatedAt = model.UpdatedAt.AddSeconds(1);

        Assert.NotSame(first, cache.GetClient(provider, model));
    }

    private static (AiProvider, AiModel) Entities(FakeModelServer server, string? protectedKey)
    {
        var provider = new AiProvider
        {
            Id = 1,
            Name = "Fake",
            Kind = ProviderKind.OpenAiCompatible,
            BaseUrl = server.BaseUrl.AbsoluteUri,
            ProtectedApiKey = protectedKey,
            UpdatedAt = new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc),
        };
        var model = new AiModel { Id = 1, ProviderId = 1, Provider = provider, WireModelId = FakeScript.WireModel, DisplayName = "Fake Model" };
        return (provider, model);
    }

    public void Dispose() => services.Dispose();
}

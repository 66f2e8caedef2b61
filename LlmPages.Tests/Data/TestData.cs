using LlmPages.Data;
using LlmPages.Data.Entities;

namespace LlmPages.Tests.Data;

/// <summary>Small builders for rows the data tests need.</summary>
internal static class TestData
{
    public static AppUser User(string name = "ada") =>
        new() { UserName = name, NormalizedUserName = name.ToUpperInvariant(), DisplayName = name };

    public static AiModel Model(AppDbContext db, string wireId = "test-model")
    {
        var type = db.AiTypes.Local.FirstOrDefault() ?? new AiType { Name = "Chat" };
        var provider = db.AiProviders.Local.FirstOrDefault()
            ?? new AiProvider { Name = "Local", Kind = ProviderKind.OpenAiCompatible, BaseUrl = "http://127.0.0.1:1/v1", AiType = type };
        var model = new AiModel { Provider = provider, WireModelId = wireId, DisplayName = wireId, ContextWindow = 8192, MaxOutputTokens = 1024 };
        db.AiModels.Add(model);
        return model;
    }

    public static Conversation Conversation(AppUser owner, AiModel? model = null) =>
        new() { Owner = owner, OwnerId = owner.Id, Model = model, Title = "A chat" };
}

using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.Admin;

/// <summary>Admin steps the tests share, done through the real forms, plus direct database reads to check them.</summary>
internal static class AdminSteps
{
    public static string Unique(string prefix) => $"{prefix} {Guid.NewGuid().ToString("N")[..8]}";

    public static async Task<HtmlPage> CreateAiTypeAsync(this HtmlClient admin, string name, string description = "")
    {
        var form = await admin.GetAsync("/admin/ai-types/new");
        return await admin.SubmitAsync(form, "main form.form", new Dictionary<string, string>
        {
            ["Input.Name"] = name,
            ["Input.Description"] = description,
        });
    }

    public static async Task<HtmlPage> CreateProviderAsync(this HtmlClient admin, string name, string? apiKey = null,
        string baseUrl = "http://127.0.0.1:9/v1", int? aiTypeId = null, ProviderKind kind = ProviderKind.OpenAiCompatible)
    {
        var form = await admin.GetAsync("/admin/providers/new");
        var values = new Dictionary<string, string>
        {
            ["Input.Name"] = name,
            ["Input.Kind"] = kind.ToString(),
            ["Input.BaseUrl"] = baseUrl,
            ["Input.ApiKey"] = apiKey ?? "",
        };
        // The seeded "Chat" type unless told otherwise (other tests in the class may have added types).
        values["Input.AiTypeId"] = aiTypeId?.ToString(System.Globalization.CultureInfo.InvariantCulture)
            ?? form.FindAll("#Input_AiTypeId option").First(o => o.TextContent == "Chat").GetAttribute("value")!;
        return await admin.SubmitAsync(form, "main form.form", values);
    }

    public static async Task<HtmlPage> CreateModelAsync(this HtmlClient admin, int providerId, string wireId,
        string? displayName = null, int context = 8192, int maxOutput = 2048, bool isDefault = false)
    {
        var form = await admin.GetAsync($"/admin/models/new?provider={providerId}");
        var values = new Dictionary<string, string>
        {
            ["Input.ProviderId"] = providerId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.WireModelId"] = wireId,
            ["Input.DisplayName"] = displayName ?? wireId,
            ["Input.ContextWindow"] = context.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.MaxOutputTokens"] = maxOutput.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (isDefault)
        {
            values["Input.IsDefault"] = "true";
        }
        return await admin.SubmitAsync(form, "main form.form", values);
    }

    public static async Task<HtmlPage> CreatePromptAsync(this HtmlClient admin, string name, string content, string description = "")
    {
        var form = await admin.GetAsync("/admin/prompts/new");
        return await admin.SubmitAsync(form, "main form.form", new Dictionary<string, string>
        {
            ["Input.Name"] = name,
            ["Input.Description"] = description,
            ["Input.Content"] = content,
        });
    }

    public static Task<SystemPrompt> PromptAsync(this AppFactory app, string name) =>
        app.WithDbAsync(db => db.SystemPrompts.AsNoTracking().SingleAsync(p => p.Name == name));

    public static async Task<T> WithDbAsync<T>(this AppFactory app, Func<AppDbContext, Task<T>> read)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public static Task<AiProvider> ProviderAsync(this AppFactory app, string name) =>
        app.WithDbAsync(db => db.AiProviders.AsNoTracking().SingleAsync(p => p.Name == name));

    public static Task<AiModel> ModelAsync(this AppFactory app, int providerId, string wireId) =>
        app.WithDbAsync(db => db.AiModels.AsNoTracking().SingleAsync(m => m.ProviderId == providerId && m.WireModelId == wireId));

    public static Task<AiType> AiTypeAsync(this AppFactory app, string name) =>
        app.WithDbAsync(db => db.AiTypes.AsNoTracking().SingleAsync(t => t.Name == name));

    /// <summary>A conversation of the admin's that uses the model, so deleting it is refused.</summary>
    public static Task AddConversationAsync(this AppFactory app, int modelId) =>
        app.WithDbAsync(async db =>
        {
            var owner = await db.Users.FirstAsync(u => u.Email == AppFactory.AdminEmail);
            db.Conversations.Add(new Conversation { OwnerId = owner.Id, ModelId = modelId, Title = "Uses the model" });
            return await db.SaveChangesAsync();
        });
}

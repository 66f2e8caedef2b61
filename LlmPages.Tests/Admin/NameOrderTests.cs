using LlmPages.Data.Entities;
using LlmPages.Tests.Infrastructure;

namespace LlmPages.Tests.Admin;

/// <summary>
/// Every list of names people see is in one order on both engines, whatever the database server's locale: ignoring
/// case, letters outside ASCII after "z" (SQLite used to put "Zeta" before "alpha", PostgreSQL its locale's order).
/// Each test's names share a prefix, so the comparison is decided by the words after it.
/// </summary>
public sealed class NameOrderTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly string[] Words = ["Zeta", "alpha", "Ärzte", "Beta"];

    private static string[] Sorted(string prefix) => [$"{prefix} alpha", $"{prefix} Beta", $"{prefix} Zeta", $"{prefix} Ärzte"];

    [Fact]
    public async Task AiTypesAreListedAndOfferedInOneOrder()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var prefix = Prefix();
        foreach (var word in Words)
        {
            await admin.CreateAiTypeAsync($"{prefix} {word}");
        }

        var list = await admin.GetAsync("/admin/ai-types");
        var form = await admin.GetAsync("/admin/providers/new");

        Assert.Equal(Sorted(prefix), Names(list, "tbody th[scope=row]", prefix));
        Assert.Equal(Sorted(prefix), Names(form, "#Input_AiTypeId option", prefix));
    }

    [Fact]
    public async Task ProvidersAreListedAndOfferedInOneOrder()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var prefix = Prefix();
        foreach (var word in Words)
        {
            await admin.CreateProviderAsync($"{prefix} {word}");
        }

        var list = await admin.GetAsync("/admin/providers");
        var form = await admin.GetAsync("/admin/models/new");

        Assert.Equal(Sorted(prefix), Names(list, "tbody th[scope=row]", prefix));
        Assert.Equal(Sorted(prefix), Names(form, "#Input_ProviderId option", prefix));
    }

    [Fact]
    public async Task ModelsAndSavedPromptsAreListedAndOfferedInOneOrder()
    {
        var (admin, user) = await app.AdminAndUserAsync();
        var prefix = Prefix();
        await admin.CreateProviderAsync($"{prefix} host");
        var provider = await app.ProviderAsync($"{prefix} host");
        foreach (var word in Words)
        {
            await admin.CreateModelAsync(provider.Id, $"wire-{word.ToLowerInvariant()}", $"{prefix} {word}");
        }
        await app.WithDbAsync(db =>
        {
            db.SystemPrompts.AddRange(Words.Select(word => new SystemPrompt { Name = $"{prefix} {word}", Content = "Be brief." }));
            return db.SaveChangesAsync();
        });

        var list = await admin.GetAsync($"/admin/models?provider={provider.Id}");
        var chat = await user.GetAsync("/chat");

        Assert.Equal(Sorted(prefix), Names(list, "tbody th[scope=row]", prefix));
        Assert.Equal(Sorted(prefix), Names(chat, "#Settings_ModelId option", prefix));
        Assert.Equal(Sorted(prefix), Names(chat, "#Settings_SystemPromptId option", prefix));
    }

    /// <summary>Lower case, so that the words after it decide the order.</summary>
    private static string Prefix() => "n" + Guid.NewGuid().ToString("N")[..8];

    private static string[] Names(HtmlPage page, string selector, string prefix) =>
        [.. page.FindAll(selector).Select(e => e.TextContent.Trim()).Where(t => t.StartsWith(prefix + " ", StringComparison.Ordinal))];
}

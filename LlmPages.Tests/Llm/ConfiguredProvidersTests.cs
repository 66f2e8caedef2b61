using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Llm;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.Llm;

public sealed class ConfiguredProvidersTests : IDisposable
{
    private const string Key = "sk-configured-0123456789abcdef";
    private readonly AppFactory app = new();

    public ConfiguredProvidersTests()
    {
        app.Settings["LlmPages:Providers:0:Name"] = "Local Ollama";
        app.Settings["LlmPages:Providers:0:Kind"] = "Ollama";
        app.Settings["LlmPages:Providers:0:BaseUrl"] = "http://127.0.0.1:11434";
        app.Settings["LlmPages:Providers:0:Models:0:Id"] = "llama3.2";
        app.Settings["LlmPages:Providers:0:Models:0:DisplayName"] = "Llama 3.2";
        app.Settings["LlmPages:Providers:0:Models:0:ContextWindow"] = "131072";
        app.Settings["LlmPages:Providers:0:Models:0:MaxOutputTokens"] = "4096";
        app.Settings["LlmPages:Providers:1:Name"] = "OpenAI";
        app.Settings["LlmPages:Providers:1:BaseUrl"] = "https://api.openai.com/v1";
        app.Settings["LlmPages:Providers:1:ApiKey"] = Key;
        app.Settings["LlmPages:Providers:1:Models:0:Id"] = "gpt-4o-mini";
        app.Settings["LlmPages:Providers:1:Models:0:Default"] = "true";
    }

    [Fact]
    public async Task ProvidersAndModelsDeclaredInConfigurationExistAfterStartWithTheKeyEncrypted()
    {
        _ = app.Server;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        var providers = await db.AiProviders.Include(p => p.Models).Include(p => p.AiType).OrderBy(p => p.Name).ToListAsync();

        Assert.Equal(["Local Ollama", "OpenAI"], providers.Select(p => p.Name));
        var ollama = providers[0];
        Assert.Equal(ProviderKind.Ollama, ollama.Kind);
        Assert.Null(ollama.ProtectedApiKey);
        Assert.Equal("Chat", ollama.AiType.Name);
        var llama = Assert.Single(ollama.Models);
        Assert.Equal(("llama3.2", "Llama 3.2", 131072, 4096, false), (llama.WireModelId, llama.DisplayName, llama.ContextWindow, llama.MaxOutputTokens, llama.IsDefault));

        var openAi = providers[1];
        Assert.Equal(ProviderKind.OpenAiCompatible, openAi.Kind);
        Assert.NotNull(openAi.ProtectedApiKey);
        Assert.DoesNotContain(Key, openAi.ProtectedApiKey);
        Assert.Equal(Key, scope.ServiceProvider.GetRequiredService<ProviderSecrets>().Unprotect(openAi.ProtectedApiKey));
        Assert.Equal("cdef", openAi.ApiKeyHint);
        Assert.True(Assert.Single(openAi.Models).IsDefault);
    }

    [Fact]
    public void AModelWithMoreOutputThanContextStopsTheAppWithAMessageNamingIt()
    {
        app.Settings["LlmPages:Providers:0:Models:0:MaxOutputTokens"] = "200000";

        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains("LlmPages:Providers:0:Models:0:MaxOutputTokens (200000) cannot be more than ContextWindow (131072)", error.ToString());
    }

    [Fact]
    public void ANonHttpBaseUrlStopsTheApp()
    {
        app.Settings["LlmPages:Providers:1:BaseUrl"] = "ftp://example.test/v1";

        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains("LlmPages:Providers:1:BaseUrl must be an absolute http or https address", error.ToString());
    }

    [Fact]
    public async Task AConfiguredKeyReplacesAStoredOneThatCanNoLongerBeReadInsteadOfStoppingTheApp()
    {
        _ = app.Server;
        app.KeepDataFolder = true;
        app.Dispose();
        // The key ring is lost (a new volume, a deleted folder, an emptied table): the stored key cannot be decrypted any more.
        TestDatabase.LoseKeyRingOf(app.DataFolder);

        using var restarted = new AppFactory { DataFolder = app.DataFolder };
        foreach (var (name, value) in app.Settings)
        {
            restarted.Settings[name] = value;
        }
        _ = restarted.Server;

        await using var scope = restarted.Services.CreateAsyncScope();
        var openAi = await scope.ServiceProvider.GetRequiredService<AppDbContext>().AiProviders.SingleAsync(p => p.Name == "OpenAI");
        Assert.Equal(Key, scope.ServiceProvider.GetRequiredService<ProviderSecrets>().Unprotect(openAi.ProtectedApiKey));
    }

    [Fact]
    public async Task AProviderAnAdminAddedUnderAnotherCaseBecomesTheConfiguredOneRatherThanASecond()
    {
        var declared = app.Settings.Where(s => s.Key.StartsWith("LlmPages:Providers:", StringComparison.Ordinal)).ToList();
        foreach (var (name, _) in declared)
        {
            app.Settings.Remove(name);
        }
        using (var admin = app.CreateHtmlClient())
        {
            await admin.LoginAsync(AppFactory.AdminEmail);
            await Admin.AdminSteps.CreateProviderAsync(admin, "openai", baseUrl: "https://api.openai.com/v1");
        }
        app.KeepDataFolder = true;
        app.Dispose();

        using var restarted = new AppFactory { DataFolder = app.DataFolder };
        foreach (var (name, value) in app.Settings.Concat(declared))
        {
            restarted.Settings[name] = value;
        }
        _ = restarted.Server;

        await using var scope = restarted.Services.CreateAsyncScope();
        var providers = await scope.ServiceProvider.GetRequiredService<AppDbContext>().AiProviders.Include(p => p.Models)
            .Where(p => p.NameKey == "openai").ToListAsync();
        var openAi = Assert.Single(providers);
        Assert.Equal("OpenAI", openAi.Name);
        Assert.Equal("gpt-4o-mini", Assert.Single(openAi.Models).WireModelId);
    }

    [Fact]
    public void TwoConfiguredProvidersWhoseNamesDifferOnlyInCaseOrWidthStopTheApp()
    {
        app.Settings["LlmPages:Providers:0:Name"] = "ＯｐｅｎＡＩ";

        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains("LlmPages:Providers:0:Name 'ＯｐｅｎＡＩ' is used by more than one configured provider", error.ToString());
    }

    public void Dispose() => app.Dispose();
}

using LlmPages.Admin;
using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LlmPages.Llm;

/// <summary>Applies <see cref="ConfiguredProvidersOptions"/> to the database at start-up (see there).</summary>
internal sealed partial class ConfiguredProvidersSeeder(
    IServiceScopeFactory scopes,
    IOptions<ConfiguredProvidersOptions> options,
    ProviderSecrets secrets,
    TimeProvider clock,
    ILogger<ConfiguredProvidersSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Providers.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        // Configured providers join the seeded "Chat" type (created here if this start comes first).
        var chatKey = NameKeys.Of(AdminSeeding.ChatTypeName);
        var aiType = await db.AiTypes.FirstOrDefaultAsync(t => t.NameKey == chatKey, cancellationToken)
            ?? db.AiTypes.Add(new AiType { Name = AdminSeeding.ChatTypeName, Description = AdminSeeding.ChatTypeDescription, CreatedAt = now }).Entity;

        foreach (var configured in options.Value.Providers)
        {
            // Found by the app's rule for names (NameKeys): an admin's "openai" is the configured "OpenAI", and takes its spelling.
            var key = NameKeys.Of(configured.Name);
            var provider = await db.AiProviders.Include(p => p.Models)
                .FirstOrDefaultAsync(p => p.NameKey == key, cancellationToken);
            if (provider is null)
            {
                provider = db.AiProviders.Add(new AiProvider { Name = configured.Name, BaseUrl = configured.BaseUrl, AiType = aiType, CreatedAt = now }).Entity;
            }
            provider.Name = configured.Name;
            provider.Kind = configured.Kind;
            provider.BaseUrl = configured.BaseUrl;
            provider.IsActive = true;
            // A stored key the app can no longer read (its key ring was lost) is replaced too, rather than stopping the start.
            if (!string.IsNullOrEmpty(configured.ApiKey) && !secrets.Holds(provider.ProtectedApiKey, configured.ApiKey))
            {
                provider.ProtectedApiKey = secrets.Protect(configured.ApiKey);
                provider.ApiKeyHint = ProviderSecrets.Hint(configured.ApiKey);
            }
            provider.UpdatedAt = now;

            foreach (var configuredModel in configured.Models)
            {
                var model = provider.Models.FirstOrDefault(m => m.WireModelId == configuredModel.Id);
                if (model is null)
                {
                    model = new AiModel { WireModelId = configuredModel.Id, DisplayName = configuredModel.Id, CreatedAt = now };
                    provider.Models.Add(model);
                }
                model.DisplayName = string.IsNullOrWhiteSpace(configuredModel.DisplayName) ? configuredModel.Id : configuredModel.DisplayName;
                model.ContextWindow = configuredModel.ContextWindow;
                model.MaxOutputTokens = configuredModel.MaxOutputTokens;
                model.IsActive = true;
                model.UpdatedAt = now;
            }
        }

        await db.SaveChangesAsync(cancellationToken);

        // At most one default (a unique index says so): clear the old one and set the new one in one transaction.
        var wanted = options.Value.Providers
            .SelectMany(p => p.Models.Where(m => m.Default).Select(m => new { Provider = NameKeys.Of(p.Name), Model = m.Id }))
            .FirstOrDefault();
        if (wanted is not null)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.AiModels.Where(m => m.IsDefault).ExecuteUpdateAsync(set => set.SetProperty(m => m.IsDefault, false), cancellationToken);
            await db.AiModels.Where(m => m.WireModelId == wanted.Model && m.Provider.NameKey == wanted.Provider)
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.IsDefault, true), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        LogApplied(logger, options.Value.Providers.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Applied {Count} provider(s) from configuration")]
    private static partial void LogApplied(ILogger logger, int count);
}

using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Llm;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Admin;

/// <summary>
/// Creating, changing, testing and deleting providers. The API key is encrypted before it is stored and only
/// decrypted to build a <see cref="ProviderConnection"/> (<see cref="ProviderConnections"/>); pages see its hint
/// ("…abcd") at most.
/// </summary>
public sealed partial class ProviderAdmin(
    AppDbContext db,
    ProviderSecrets secrets,
    ProviderConnections connections,
    ProviderHealth health,
    ProviderProbe probe,
    AddressPolicy addresses,
    TimeProvider clock,
    ILogger<ProviderAdmin> logger)
{
    /// <summary>The active AI types, plus <paramref name="currentTypeId"/> even when it is inactive.</summary>
    public async Task<IReadOnlyList<SelectListItem>> TypeOptionsAsync(int? currentTypeId, CancellationToken cancellationToken) =>
        await db.AiTypes.AsNoTracking()
            .Where(t => t.IsActive || t.Id == currentTypeId)
            .OrderBy(t => t.NameKey).ThenBy(t => t.Id)
            .Select(t => new SelectListItem(t.IsActive ? t.Name : t.Name + " (inactive)", t.Id.ToString()))
            .ToListAsync(cancellationToken);

    /// <summary>Checks what DataAnnotations cannot; tidies the input. True when it can be saved.</summary>
    public async Task<bool> ValidateAsync(ProviderInput input, AiProvider? existing, ModelStateDictionary modelState, CancellationToken cancellationToken)
    {
        input.Name = (input.Name ?? "").Trim();
        input.BaseUrl = (input.BaseUrl ?? "").Trim();
        input.ApiKey = string.IsNullOrWhiteSpace(input.ApiKey) ? null : input.ApiKey.Trim();

        if (modelState.GetFieldValidationState("Input.Name") != ModelValidationState.Invalid)
        {
            await ReportClashAsync(input.Name, existing?.Id ?? 0, modelState, cancellationToken);
        }

        if (modelState.GetFieldValidationState("Input.BaseUrl") != ModelValidationState.Invalid && BaseUrlError(input.BaseUrl) is { } urlError)
        {
            modelState.AddModelError("Input.BaseUrl", urlError);
        }
        else if (modelState.GetFieldValidationState("Input.BaseUrl") != ModelValidationState.Invalid
            && await addresses.CheckAsync(new Uri(input.BaseUrl), cancellationToken) is { } blocked)
        {
            modelState.AddModelError("Input.BaseUrl", blocked);
        }
        else
        {
            input.BaseUrl = input.BaseUrl.TrimEnd('/');
        }

        if (input.Kind is { } kind && !Enum.IsDefined(kind))
        {
            modelState.AddModelError("Input.Kind", "Choose one of the kinds in the list.");
        }

        if (input.AiTypeId is { } typeId
            && !await db.AiTypes.AnyAsync(t => t.Id == typeId && (t.IsActive || t.Id == (existing == null ? 0 : existing.AiTypeId)), cancellationToken))
        {
            modelState.AddModelError("Input.AiTypeId", "Choose one of the active AI types in the list.");
        }

        if (input.ApiKey is not null && input.RemoveApiKey)
        {
            modelState.AddModelError("Input.ApiKey", "Either enter a new key or tick “Remove the stored key”, not both.");
        }
        return modelState.IsValid;
    }

    /// <summary>Why <paramref name="value"/> is not a usable base URL, or null when it is.</summary>
    public static string? BaseUrlError(string value)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && value.Contains("://", StringComparison.Ordinal))
        {
            return uri.Scheme is "http" or "https" && !string.IsNullOrEmpty(uri.Host)
                ? null
                : $"Use an address that starts with http:// or https:// ({uri.Scheme}:// is not supported).";
        }
        return "Enter a full address that starts with http:// or https://, like https://api.openai.com/v1.";
    }

    /// <summary>A new provider from a checked form (its key encrypted), not yet saved (<see cref="CreateAsync"/>).</summary>
    public AiProvider New(ProviderInput input)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var provider = new AiProvider { Name = input.Name, BaseUrl = input.BaseUrl, CreatedAt = now };
        Apply(provider, input, now);
        return provider;
    }

    public async Task UpdateAsync(AiProvider provider, ProviderInput input, CancellationToken cancellationToken)
    {
        Apply(provider, input, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
    }

    private void Apply(AiProvider provider, ProviderInput input, DateTime now)
    {
        provider.Name = input.Name;
        provider.Kind = input.Kind!.Value;
        provider.BaseUrl = input.BaseUrl;
        provider.AiTypeId = input.AiTypeId!.Value;
        provider.IsActive = input.IsActive;
        if (input.ApiKey is not null)
        {
            provider.ProtectedApiKey = secrets.Protect(input.ApiKey);
            provider.ApiKeyHint = ProviderSecrets.Hint(input.ApiKey);
        }
        else if (input.RemoveApiKey)
        {
            provider.ProtectedApiKey = null;
            provider.ApiKeyHint = null;
        }
        // The chat clients are cached per provider and rebuilt when this changes.
        provider.UpdatedAt = now;
    }

    public async Task SetActiveAsync(AiProvider provider, bool active, CancellationToken cancellationToken)
    {
        provider.IsActive = active;
        provider.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Why the provider cannot be deleted, or null when it can.</summary>
    public async Task<string?> WhyNotDeleteAsync(AiProvider provider, CancellationToken cancellationToken)
    {
        var models = await db.AiModels.CountAsync(m => m.ProviderId == provider.Id, cancellationToken);
        if (models == 0)
        {
            return null;
        }
        var conversations = await db.Conversations.CountAsync(c => c.Model != null && c.Model.ProviderId == provider.Id, cancellationToken);
        return conversations == 0
            ? $"{Wording.Quote(provider.Name)} still has {Wording.Count(models, "model")}. Delete {(models == 1 ? "it" : "them")} first, or deactivate the provider instead."
            : $"{Wording.Quote(provider.Name)} has {Wording.Count(models, "model")}, used by {Wording.Count(conversations, "conversation")}. "
              + "Deactivate the provider instead: the conversations keep their history.";
    }

    /// <summary>Asks the server, saves the outcome as the provider's health, and says how it went.</summary>
    public Task<ConnectionTestResult> TestConnectionAsync(AiProvider provider, CancellationToken cancellationToken) =>
        health.CheckAsync(provider, cancellationToken);

    /// <summary>The models the server lists; an error in plain words when it cannot say.</summary>
    public async Task<DiscoveryResult> DiscoverModelsAsync(AiProvider provider, CancellationToken cancellationToken)
    {
        try
        {
            return await probe.DiscoverModelsAsync(connections.Connect(provider), cancellationToken);
        }
        catch (ProviderException e)
        {
            return new DiscoveryResult([], e.Error);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogProbeFailed(logger, ex, provider.Id);
            return new DiscoveryResult([], new ProviderError(ProviderErrorKind.Other,
                "LlmPages could not list the server's models because of an error of its own. The details are in the server log."));
        }
    }

    /// <summary>"Connected in 123 ms (5 models)." or the error, in words.</summary>
    public static string Describe(ConnectionTestResult result) => result.Succeeded
        ? $"Connected in {result.LatencyMs} ms{(result.ModelCount is { } n ? $" ({Wording.Count(n, "model")})" : "")}."
        : result.Error?.Message ?? "The connection failed.";

    [LoggerMessage(EventId = 3101, Level = LogLevel.Error, Message = "Listing the models of provider {ProviderId} failed inside the app")]
    private static partial void LogProbeFailed(ILogger logger, Exception exception, int providerId);
}

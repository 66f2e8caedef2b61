using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Admin;

/// <summary>Creating, changing and deleting models, including the switch of the one default model.</summary>
public sealed class ModelAdmin(AppDbContext db, TimeProvider clock) : IAdminRecords<AiModel, int>
{
    public string Noun => "model";

    public string NameOf(AiModel model) => model.DisplayName;

    /// <summary>The model with its provider (its pages name the provider).</summary>
    public async Task<AiModel?> FindAsync(int id, CancellationToken cancellationToken) =>
        await db.AiModels.Include(m => m.Provider).SingleOrDefaultAsync(m => m.Id == id, cancellationToken);

    public async Task<IReadOnlyList<SelectListItem>> ProviderOptionsAsync(CancellationToken cancellationToken) =>
        await db.AiProviders.AsNoTracking()
            .OrderBy(p => p.NameKey).ThenBy(p => p.Id)
            .Select(p => new SelectListItem(p.IsActive ? p.Name : p.Name + " (inactive)", p.Id.ToString()))
            .ToListAsync(cancellationToken);

    /// <summary>Checks what DataAnnotations cannot; tidies the input. True when it can be saved.</summary>
    public async Task<bool> ValidateAsync(ModelInput input, AiModel? existing, ModelStateDictionary modelState, CancellationToken cancellationToken)
    {
        input.WireModelId = (input.WireModelId ?? "").Trim();
        input.DisplayName = (input.DisplayName ?? "").Trim();

        if (input.ProviderId is { } providerId)
        {
            if (!await db.AiProviders.AnyAsync(p => p.Id == providerId, cancellationToken))
            {
                modelState.AddModelError("Input.ProviderId", "Choose one of the providers in the list.");
            }
            else if (modelState.GetFieldValidationState("Input.WireModelId") != ModelValidationState.Invalid)
            {
                await ReportClashAsync(providerId, input.WireModelId, existing?.Id ?? 0, modelState, cancellationToken);
            }
        }

        ModelFieldRules.CheckLimits(modelState, "Input.", input.ContextWindow, input.MaxOutputTokens);

        if (input.IsDefault && !input.IsActive)
        {
            modelState.AddModelError("Input.IsDefault", "The default model must be active: tick “Active” too, or untick “Default model”.");
        }
        return modelState.IsValid;
    }

    /// <summary>A new model from a checked form, not yet saved (<see cref="CreateAsync"/>).</summary>
    public AiModel New(ModelInput input)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var model = new AiModel { WireModelId = input.WireModelId, DisplayName = input.DisplayName, CreatedAt = now };
        Apply(model, input, now);
        return model;
    }

    public async Task CreateAsync(AiModel model, CancellationToken cancellationToken)
    {
        db.AiModels.Add(model);
        await SaveAsync(model, cancellationToken);
    }

    public Task<bool> ReportClashAsync(AiModel model, ModelStateDictionary modelState, CancellationToken cancellationToken) =>
        ReportClashAsync(model.ProviderId, model.WireModelId, model.Id, modelState, cancellationToken);

    /// <summary>Model ids are the provider's own, compared exactly: "GPT-4o" and "gpt-4o" may be two models.</summary>
    private async Task<bool> ReportClashAsync(int providerId, string wireModelId, int id, ModelStateDictionary modelState, CancellationToken cancellationToken)
    {
        var taken = await db.AiModels.AnyAsync(m => m.ProviderId == providerId && m.WireModelId == wireModelId && m.Id != id, cancellationToken);
        if (taken)
        {
            modelState.AddModelError("Input.WireModelId", $"This provider already has the model {Wording.Quote(wireModelId)}.");
        }
        return taken;
    }

    public async Task UpdateAsync(AiModel model, ModelInput input, CancellationToken cancellationToken)
    {
        Apply(model, input, clock.GetUtcNow().UtcDateTime);
        await SaveAsync(model, cancellationToken);
    }

    public async Task SetActiveAsync(AiModel model, bool active, CancellationToken cancellationToken)
    {
        model.IsActive = active;
        if (!active)
        {
            model.IsDefault = false;
        }
        model.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Adds the ticked models a server listed, in one transaction; none when another admin added one of them since
    /// the form was shown (null: the unique index refused it, and the caller says so rather than failing).
    /// </summary>
    public async Task<int?> AddAsync(int providerId, IEnumerable<ModelInput> inputs, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var count = 0;
        foreach (var input in inputs)
        {
            var model = new AiModel { ProviderId = providerId, WireModelId = input.WireModelId, DisplayName = input.DisplayName, CreatedAt = now };
            Apply(model, input, now);
            model.IsDefault = false;
            db.AiModels.Add(model);
            count++;
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException failed) when (failed is not DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var wireIds = inputs.Select(i => i.WireModelId).ToList();
            if (!await db.AiModels.AnyAsync(m => m.ProviderId == providerId && wireIds.Contains(m.WireModelId), cancellationToken))
            {
                throw;
            }
            return null;
        }
        return count;
    }

    public string Deactivated(AiModel model) =>
        $"Deactivated the model {Wording.Quote(model.DisplayName)}: it can no longer be chosen for new messages.";

    /// <summary>Why the model cannot be deleted, or null when it can.</summary>
    public async Task<string?> WhyNotDeleteAsync(AiModel model, CancellationToken cancellationToken)
    {
        var conversations = await db.Conversations.CountAsync(c => c.ModelId == model.Id, cancellationToken);
        return conversations == 0 ? null
            : $"{Wording.Quote(model.DisplayName)} is used by {Wording.Count(conversations, "conversation")}. Deactivate it instead: the conversations keep their history.";
    }

    /// <summary>
    /// Deletes the model. A conversation started with it since the check keeps its history: the database sets
    /// its model to none.
    /// </summary>
    public async Task DeleteAsync(AiModel model, CancellationToken cancellationToken)
    {
        db.AiModels.Remove(model);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The models list, filtered to the model's provider.</summary>
    public string ListUrl(AiModel model) => $"/admin/models?provider={model.ProviderId}";

    public string HomeUrl(AiModel model) => ListUrl(model);

    private static void Apply(AiModel model, ModelInput input, DateTime now)
    {
        model.ProviderId = input.ProviderId!.Value;
        model.WireModelId = input.WireModelId;
        model.DisplayName = input.DisplayName;
        model.ContextWindow = input.ContextWindow!.Value;
        model.MaxOutputTokens = input.MaxOutputTokens!.Value;
        model.IsActive = input.IsActive;
        model.IsDefault = input.IsDefault;
        model.InputPricePerMillion = input.InputPricePerMillion;
        model.OutputPricePerMillion = input.OutputPricePerMillion;
        model.UpdatedAt = now;
    }

    /// <summary>
    /// Saves; a new default first clears the old one in the same transaction, because the unique filtered index
    /// allows one default at a time and the two updates could otherwise run in either order.
    /// </summary>
    private async Task SaveAsync(AiModel model, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (model.IsDefault)
        {
            await db.AiModels
                .Where(m => m.IsDefault && m.Id != model.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.IsDefault, false).SetProperty(m => m.UpdatedAt, model.UpdatedAt), cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}

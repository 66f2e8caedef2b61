using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Admin;

/// <summary>Creating, changing and deleting AI types, with the checks the pages share.</summary>
public sealed class AiTypeAdmin(AppDbContext db, TimeProvider clock) : IAdminRecords<AiType, int>
{
    public string Noun => "AI type";

    public string NameOf(AiType type) => type.Name;

    public async Task<AiType?> FindAsync(int id, CancellationToken cancellationToken) =>
        await db.AiTypes.FindAsync([id], cancellationToken);

    /// <summary>Adds a name clash to <paramref name="modelState"/>; true when the input can be saved.</summary>
    public async Task<bool> ValidateAsync(AiTypeInput input, int? id, ModelStateDictionary modelState, CancellationToken cancellationToken)
    {
        input.Name = (input.Name ?? "").Trim();
        input.Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        return modelState.IsValid && !await ReportClashAsync(input.Name, id, modelState, cancellationToken);
    }

    /// <summary>A new type from a checked form, not yet saved (<see cref="CreateAsync"/>).</summary>
    public AiType New(AiTypeInput input) => new()
    {
        Name = input.Name,
        Description = input.Description,
        IsActive = input.IsActive,
        CreatedAt = clock.GetUtcNow().UtcDateTime,
    };

    public async Task CreateAsync(AiType type, CancellationToken cancellationToken)
    {
        db.AiTypes.Add(type);
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task<bool> ReportClashAsync(AiType type, ModelStateDictionary modelState, CancellationToken cancellationToken) =>
        ReportClashAsync(type.Name, type.Id, modelState, cancellationToken);

    /// <summary>Names are unique ignoring case (<see cref="NameKeys"/>): the error names the type that has it.</summary>
    private async Task<bool> ReportClashAsync(string name, int? id, ModelStateDictionary modelState, CancellationToken cancellationToken)
    {
        var key = NameKeys.Of(name);
        var taken = await db.AiTypes.Where(t => t.NameKey == key && t.Id != id).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken);
        if (taken is not null)
        {
            modelState.AddModelError("Input.Name", $"An AI type called {Wording.Quote(taken)} already exists. Choose another name.");
        }
        return taken is not null;
    }

    public async Task UpdateAsync(AiType type, AiTypeInput input, CancellationToken cancellationToken)
    {
        type.Name = input.Name;
        type.Description = input.Description;
        type.IsActive = input.IsActive;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task SetActiveAsync(AiType type, bool active, CancellationToken cancellationToken)
    {
        type.IsActive = active;
        await db.SaveChangesAsync(cancellationToken);
    }

    public string Deactivated(AiType type) => $"{Wording.Quote(type.Name)} is deactivated: it is no longer offered for new providers.";

    /// <summary>Why the type cannot be deleted, or null when it can.</summary>
    public async Task<string?> WhyNotDeleteAsync(AiType type, CancellationToken cancellationToken)
    {
        var providers = await db.AiProviders.CountAsync(p => p.AiTypeId == type.Id, cancellationToken);
        return providers == 0 ? null
            : $"{Wording.Quote(type.Name)} is used by {Wording.Count(providers, "provider")}. Move them to another type or deactivate this one instead.";
    }

    /// <summary>Deletes the type; the database refuses while a provider uses it (one may have been added since the check).</summary>
    public async Task DeleteAsync(AiType type, CancellationToken cancellationToken)
    {
        db.AiTypes.Remove(type);
        await db.SaveChangesAsync(cancellationToken);
    }

    public string ListUrl(AiType type) => "/admin/ai-types";

    public string HomeUrl(AiType type) => "/admin/ai-types";
}

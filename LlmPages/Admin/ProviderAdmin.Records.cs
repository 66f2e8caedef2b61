using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Admin;

/// <summary>
/// What the shared edit and delete flow (<see cref="AdminCrud{TEntity,TKey}"/>) needs of providers. With
/// <see cref="WhyNotDeleteAsync"/> and <see cref="SetActiveAsync"/> (in ProviderAdmin.cs, beside the other
/// changes) this is the provider's <see cref="IAdminRecords{TEntity,TKey}"/>; the connection code stays apart.
/// </summary>
public sealed partial class ProviderAdmin : IAdminRecords<AiProvider, int>
{
    public string Noun => "provider";

    public string NameOf(AiProvider provider) => provider.Name;

    public async Task<AiProvider?> FindAsync(int id, CancellationToken cancellationToken) =>
        await db.AiProviders.FindAsync([id], cancellationToken);

    public async Task CreateAsync(AiProvider provider, CancellationToken cancellationToken)
    {
        db.AiProviders.Add(provider);
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task<bool> ReportClashAsync(AiProvider provider, ModelStateDictionary modelState, CancellationToken cancellationToken) =>
        ReportClashAsync(provider.Name, provider.Id, modelState, cancellationToken);

    /// <summary>Names are unique ignoring case (<see cref="NameKeys"/>): the error names the provider that has it.</summary>
    private async Task<bool> ReportClashAsync(string name, int id, ModelStateDictionary modelState, CancellationToken cancellationToken)
    {
        var key = NameKeys.Of(name);
        var taken = await db.AiProviders.Where(p => p.NameKey == key && p.Id != id).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken);
        if (taken is not null)
        {
            modelState.AddModelError("Input.Name", $"A provider called {Wording.Quote(taken)} already exists. Choose another name.");
        }
        return taken is not null;
    }

    public string Deactivated(AiProvider provider) =>
        $"Deactivated the provider {Wording.Quote(provider.Name)}: its models are no longer offered.";

    /// <summary>Deletes the provider and its stored key; the database refuses while it has models (one may have been added since the check).</summary>
    public async Task DeleteAsync(AiProvider provider, CancellationToken cancellationToken)
    {
        db.AiProviders.Remove(provider);
        await db.SaveChangesAsync(cancellationToken);
    }

    public string ListUrl(AiProvider provider) => "/admin/providers";

    /// <summary>The provider's own page: its connection, models and settings.</summary>
    public string HomeUrl(AiProvider provider) => $"/admin/providers/{provider.Id}";
}

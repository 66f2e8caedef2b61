using LlmPages.Data.Entities;
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

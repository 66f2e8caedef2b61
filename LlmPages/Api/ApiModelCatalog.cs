using System.Text;
using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Api;

/// <summary>
/// The models the API offers and the ids it names them by: <c>{provider}/{wire model id}</c>, where {provider} is the
/// provider's name in lower case with every run of other characters than letters, digits, '.', '_' and '-' made one
/// '-' (“Team OpenAI” serving <c>gpt-4o</c> is <c>team-openai/gpt-4o</c>). A wire id is unique within its provider,
/// so the ids are unique once the provider parts are: should two providers' names give the same part, the one added
/// first keeps it and the others get their number appended (<c>team-openai-7/gpt-4o</c>). Ids do not depend on which
/// providers are active, so renaming or adding a provider is the only thing that changes one.
/// <para>
/// Every API call needs the catalogue, so it is kept in memory and checked against a stamp of the two tables (how many
/// rows, the latest <c>UpdatedAt</c>: every change of a provider or model sets it, as <see cref="Llm.ChatClientCache"/>
/// relies on too), read with the call's key (<see cref="ApiKeys.AuthenticateAsync"/>, handed over by
/// <see cref="UseStamp"/>) or else in one small query: an admin's change shows in the next call, on every instance.
/// </para>
/// </summary>
public sealed class ApiModelCatalog(AppDbContext db, ApiModelCatalog.Cache cache)
{
    private Stamp? readWithKey;

    /// <summary>The stamp this request's key was read with: this request's catalogue then needs no query of its own.</summary>
    public void UseStamp(Stamp? stamp) => readWithKey = stamp;

    /// <summary>Every active model of every active provider, with its id, in the order of the ids.</summary>
    public async Task<IReadOnlyList<ApiModel>> ListAsync(CancellationToken cancellationToken)
    {
        var stamp = readWithKey ?? await db.AiProviders.Select(_ => new Stamp(
                db.AiProviders.Count(), db.AiProviders.Max(p => (DateTime?)p.UpdatedAt),
                db.AiModels.Count(), db.AiModels.Max(m => (DateTime?)m.UpdatedAt)))
            .FirstOrDefaultAsync(cancellationToken);
        if (stamp is null || stamp.Providers == 0)
        {
            return [];
        }
        if (cache.Current is { } current && current.Stamp == stamp)
        {
            return current.Models;
        }
        var providers = await db.AiProviders.AsNoTracking()
            .Include(p => p.Models.Where(m => m.IsActive))
            .OrderBy(p => p.Id)
            .ToListAsync(cancellationToken);
        var parts = ProviderParts(providers);
        IReadOnlyList<ApiModel> models = [.. providers
            .Where(p => p.IsActive)
            .SelectMany(p => p.Models.Select(m => new ApiModel($"{parts[p.Id]}/{m.WireModelId}", m, p)))
            .OrderBy(m => m.Id, StringComparer.Ordinal)];
        // Two calls may load at once after a change; either result is right, the last one stays.
        cache.Current = new Snapshot(stamp, models);
        return models;
    }

    /// <summary>The active model with this id, or null.</summary>
    public async Task<ApiModel?> FindAsync(string id, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.Ordinal));

    /// <summary>The catalogue last read, shared by every request (a singleton); its entities are never changed.</summary>
    public sealed class Cache
    {
        public Snapshot? Current { get => Volatile.Read(ref current); set => Volatile.Write(ref current, value); }

        private Snapshot? current;
    }

    public sealed record Snapshot(Stamp Stamp, IReadOnlyList<ApiModel> Models);

    public sealed record Stamp(int Providers, DateTime? ProvidersChangedAt, int Models, DateTime? ModelsChangedAt);

    private static Dictionary<int, string> ProviderParts(IReadOnlyList<AiProvider> providersById)
    {
        var parts = new Dictionary<int, string>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var provider in providersById)
        {
            var part = Slug(provider.Name);
            parts[provider.Id] = taken.Add(part) ? part : $"{part}-{provider.Id}";
        }
        return parts;
    }

    /// <summary>The provider's part of an id, as the class comment describes.</summary>
    public static string Slug(string name)
    {
        var slug = new StringBuilder(name.Length);
        foreach (var c in NameKeys.Of(name))
        {
            if (char.IsLetterOrDigit(c) || c is '.' or '_' or '-')
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }
        var part = slug.ToString().Trim('-');
        return part.Length > 0 ? part : "provider";
    }
}

/// <summary>A model as the API offers it.</summary>
public sealed record ApiModel(string Id, AiModel Model, AiProvider Provider);

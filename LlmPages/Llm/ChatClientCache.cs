using System.Collections.Concurrent;
using LlmPages.Data.Entities;
using Microsoft.Extensions.AI;

namespace LlmPages.Llm;

/// <summary>
/// One chat client per (provider, model), reused across requests and users: building one decrypts the key and
/// sets up an SDK. A client is rebuilt when its provider or model has been edited since (their
/// <c>UpdatedAt</c>, or a different stored key or address). Replaced clients are not disposed: a reply may still
/// be streaming through one; they hold nothing the garbage collector cannot reclaim.
/// </summary>
public sealed class ChatClientCache(ChatClientFactory factory, ProviderConnections connections)
{
    private readonly ConcurrentDictionary<(int ProviderId, int ModelId), Entry> clients = new();

    /// <exception cref="ProviderException">The provider's stored key cannot be read (<see cref="ProviderConnections"/>).</exception>
    public IChatClient GetClient(AiProvider provider, AiModel model)
    {
        var stamp = Stamp.Of(provider, model);
        var key = (provider.Id, model.Id);
        if (clients.TryGetValue(key, out var entry) && entry.Stamp == stamp)
        {
            return entry.Client;
        }
        // Two threads may build at once after an edit; either result is right, the last one stays.
        var client = factory.Create(connections.Connect(provider), model.WireModelId, model.MaxOutputTokens);
        clients[key] = new Entry(stamp, client);
        return client;
    }

    private sealed record Entry(Stamp Stamp, IChatClient Client);

    /// <summary>Everything a client is built from, so any edit that matters builds a new one.</summary>
    private sealed record Stamp(DateTime ProviderUpdatedAt, ProviderKind Kind, string BaseUrl, string? ProtectedApiKey,
        DateTime ModelUpdatedAt, string WireModelId, int MaxOutputTokens)
    {
        public static Stamp Of(AiProvider provider, AiModel model) => new(provider.UpdatedAt, provider.Kind, provider.BaseUrl,
            provider.ProtectedApiKey, model.UpdatedAt, model.WireModelId, model.MaxOutputTokens);
    }
}

using System.Collections.Concurrent;
using LlmPages.Data;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Api;

/// <summary>
/// When each key was last used, written in batches: a request only notes the time here, and every
/// <see cref="FlushInterval"/> (and when the app stops) one transaction writes the latest time of each key used since.
/// A write per request would put a database write on the path of every API call.
/// </summary>
public sealed partial class ApiKeyLastUse(IServiceScopeFactory scopes, ILogger<ApiKeyLastUse> logger) : BackgroundService
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, DateTime> pending = new();

    public void Note(Guid keyId, DateTime at) => pending.AddOrUpdate(keyId, at, (_, earlier) => at > earlier ? at : earlier);

    /// <summary>Writes what was noted; what fails to be written is noted again for the next time.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var batch = new List<(Guid Key, DateTime At)>();
        foreach (var keyId in pending.Keys)
        {
            if (pending.TryRemove(keyId, out var at))
            {
                batch.Add((keyId, at));
            }
        }
        if (batch.Count == 0)
        {
            return;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var (keyId, at) in batch)
            {
                // Never backwards: another instance may have written a later time.
                await db.ApiKeys.Where(k => k.Id == keyId && (k.LastUsedAt == null || k.LastUsedAt < at))
                    .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, at), cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            foreach (var (keyId, at) in batch)
            {
                Note(keyId, at);
            }
            LogFlushFailed(logger, e);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    [LoggerMessage(1, LogLevel.Warning, "Could not write the last-used times of API keys; they are kept for the next try")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);
}

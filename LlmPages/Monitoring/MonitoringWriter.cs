using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.Extensions.Options;

namespace LlmPages.Monitoring;

/// <summary>
/// Writes the queued monitoring entries to the database in batches, off the logging threads. A batch the database
/// refuses is dropped and counted, never retried nor logged as a row (<see cref="MonitoringLoggerProvider.Suppressed"/>),
/// and the writer pauses a moment before the next one, so that a database that is down costs little. On stop it
/// writes what is queued before the app goes; registered before the other background services, it stops after them
/// and keeps what they log while stopping.
/// </summary>
public sealed partial class MonitoringWriter(
    MonitoringQueue queue, IServiceScopeFactory scopes, IOptions<MonitoringOptions> options, ILogger<MonitoringWriter> logger)
    : BackgroundService
{
    private static readonly TimeSpan PauseAfterFailure = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Everything below runs on this flow: nothing it logs becomes a row.
        MonitoringLoggerProvider.Suppressed = true;
        var reader = queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                if (!await WriteBatchAsync(stoppingToken))
                {
                    await Task.Delay(PauseAfterFailure, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: flush below.
        }

        // What was queued when the app began stopping; entries that keep coming while it stops do not hold it up.
        for (var left = reader.Count; left > 0 && reader.Count > 0; left -= options.Value.BatchSize)
        {
            await WriteBatchAsync(CancellationToken.None);
        }
    }

    /// <summary>Writes up to a batch of queued entries; false when the database refused them.</summary>
    private async Task<bool> WriteBatchAsync(CancellationToken cancellationToken)
    {
        var batch = new List<MonitoringLog>(Math.Min(options.Value.BatchSize, queue.Reader.Count));
        while (batch.Count < options.Value.BatchSize && queue.Reader.TryRead(out var entry))
        {
            batch.Add(entry);
        }
        if (batch.Count == 0)
        {
            return true;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.MonitoringLogs.AddRange(batch);
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping mid-write: these go with the flush, if the database still answers.
            foreach (var entry in batch)
            {
                queue.Add(entry);
            }
            return true;
        }
        catch (ObjectDisposedException)
        {
            // The app's services are gone (a test host disposed before it stopped): nowhere to write.
            queue.CountDropped(batch.Count);
            return false;
        }
        catch (Exception e)
        {
            queue.CountDropped(batch.Count);
            LogWriteFailed(logger, e, batch.Count);
            return false;
        }
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Could not write {Count} monitoring entries; they are dropped")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);
}

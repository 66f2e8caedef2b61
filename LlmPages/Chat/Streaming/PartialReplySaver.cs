using LlmPages.Chat;
using LlmPages.Instances;
using Microsoft.Extensions.Options;

namespace LlmPages.Chat.Streaming;

/// <summary>
/// Saves the partial text of every streaming reply about once a second, all in one transaction (and, on
/// PostgreSQL, one round trip: <see cref="ReplyStore.SavePartialAsync"/>): SQLite has a single writer, so one batched
/// write beats a write per reply, and the token path never waits on the database.
/// </summary>
public sealed partial class PartialReplySaver(
    GenerationHub hub, ReplyStore store, InstanceChannel channel, IOptions<ChatLimits> limits, TimeProvider time, ILogger<PartialReplySaver> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(limits.Value.FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SaveOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the hub saves every reply's final state itself.
        }
    }

    public async Task SaveOnceAsync(CancellationToken cancellationToken)
    {
        var changed = new List<(Guid, string)>();
        var traced = Telemetry.AppActivities.IsTracing ? new List<System.Diagnostics.ActivityLink>() : null;
        foreach (var generation in hub.Active())
        {
            if (generation.TakeUnsavedContent() is { } content)
            {
                changed.Add((generation.ReplyId, content));
                traced?.Add(new System.Diagnostics.ActivityLink(generation.TraceContext));
            }
        }
        var signals = new List<InstanceSignal>();
        using var activity = changed.Count > 0 ? Telemetry.AppActivities.StartPartialSave(traced, changed.Count) : null;
        try
        {
            await store.SavePartialAsync(changed, cancellationToken);
            signals.AddRange(changed.Select(c => new InstanceSignal(InstanceSignalKind.Saved, c.Item1, c.Item2.Length)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next tick saves newer text anyway; a failed partial save loses nothing that is still in memory.
            LogSaveFailed(logger, e, changed.Count);
        }
        // Readers on other instances (RemoteReply) read what was saved; one round trip for every signal.
        signals.AddRange(hub.TakeEnded().Select(id => new InstanceSignal(InstanceSignalKind.Ended, id)));
        try
        {
            await channel.PublishAsync(signals, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Readers elsewhere also look at the database on their heartbeat.
            LogSignalFailed(logger, e, signals.Count);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Could not save the partial text of {Count} streaming replies")]
    private static partial void LogSaveFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(2, LogLevel.Warning, "Could not tell other instances about {Count} replies saved or ended")]
    private static partial void LogSignalFailed(ILogger logger, Exception exception, int count);
}

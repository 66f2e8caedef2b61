using LlmPages.Instances;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LlmPages.Data.Postgres;

/// <summary>
/// Signals between instances through PostgreSQL's <c>NOTIFY</c> on one channel, heard by one connection per instance
/// that <c>LISTEN</c>s for as long as the app runs (reconnecting after a failure). Start-up waits until it listens, so
/// an instance that serves requests hears every signal sent from then on.
/// </summary>
internal sealed partial class PostgresInstanceChannel(IOptions<DatabaseOptions> options, ILogger<PostgresInstanceChannel> logger)
    : InstanceChannel, IHostedService, IAsyncDisposable
{
    /// <summary>The NOTIFY channel every instance listens on.</summary>
    public const string ChannelName = "llmpages_instances";

    private readonly CancellationTokenSource stopping = new();
    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? loop;

    public override async Task PublishAsync(IReadOnlyList<InstanceSignal> signals, CancellationToken cancellationToken)
    {
        if (signals.Count == 0)
        {
            return;
        }
        await using var connection = new NpgsqlConnection(options.Value.GetPostgresConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_notify(@channel, payload) FROM unnest(@payloads) AS payload", connection);
        command.Parameters.AddWithValue("channel", ChannelName);
        command.Parameters.AddWithValue("payloads", signals.Select(s => s.ToString()).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        loop = Task.Run(() => ListenAsync(stopping.Token), CancellationToken.None);
        await listening.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(options.Value.GetPostgresConnectionString());
                await connection.OpenAsync(cancellationToken);
                connection.Notification += (_, e) => Deliver(e.Payload);
                await using (var command = new NpgsqlCommand($"LISTEN {ChannelName}", connection))
                {
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
                listening.TrySetResult();
                while (true)
                {
                    await connection.WaitAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogListenFailed(logger, e);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        if (loop is not null)
        {
            await loop.WaitAsync(cancellationToken);
        }
    }

    // A test host may be disposed without being stopped: the listener ends either way. The token source holds no
    // timer, so it is never disposed (StopAsync may come after this).
    public async ValueTask DisposeAsync() => await stopping.CancelAsync();

    [LoggerMessage(1, LogLevel.Warning, "Lost the connection that listens for other instances' signals; listening again in a second")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);
}

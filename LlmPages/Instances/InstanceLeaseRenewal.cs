using LlmPages.Data;
using Microsoft.Extensions.Options;

namespace LlmPages.Instances;

/// <summary>
/// Every <see cref="InstanceOptions.LeaseRenewInterval"/>: renews this instance's lease and recovers the replies of
/// instances whose lease expired (<see cref="InstanceLeases"/>), and deletes the rate-limit windows that ended and the
/// running API calls of dead instances (<see cref="Web.RateLimitCounter.CleanUpAsync"/>; nothing on SQLite). On a clean stop it gives the lease up, after the
/// generation hub has saved this instance's replies (it is registered before the hub, so it stops after it).
/// </summary>
public sealed partial class InstanceLeaseRenewal(
    InstanceLeases leases, Web.RateLimitCounter counter, IServiceScopeFactory scopes, IOptions<InstanceOptions> options, TimeProvider time, ILogger<InstanceLeaseRenewal> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LeaseRenewInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RenewOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the lease is given up in StopAsync.
        }
    }

    private async Task RenewOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await leases.RenewAsync(db, cancellationToken);
            await leases.RecoverAsync(db, cancellationToken);
            await counter.CleanUpAsync(db, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The database may be away for a moment; the next tick tries again, well before the lease expires.
            LogRenewFailed(logger, e);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await leases.ReleaseAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogReleaseFailed(logger, e); // it expires by itself
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Could not renew this instance's lease or recover the replies of stopped instances")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "Could not give up this instance's lease on stopping; it expires by itself")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception);
}

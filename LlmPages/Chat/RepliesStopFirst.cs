using LlmPages.Chat.Streaming;
using Microsoft.Extensions.Options;

namespace LlmPages.Chat;

/// <summary>
/// On SIGTERM (<c>docker stop</c>, fly.io, systemd) the replies being written are stopped and saved as interrupted
/// first, before anything else stops. Hosted services stop in reverse order, and the web server, registered last,
/// stops first: it waits for open requests, and the readers of a reply (its event streams, a page streaming it) stay
/// open until the reply ends. So without this the server waited its whole shutdown timeout for them, the host then
/// cancelled the hub's wait before any reply was saved, and the container's kill timeout (Docker's 10 s) usually came
/// first. Stopping replies in <see cref="IHostedLifecycleService.StoppingAsync"/>, which runs before any service's
/// <c>StopAsync</c>, tells every reader how its reply ended, so their requests finish and the server stops at once.
/// The host's own timeout is the grace plus <see cref="AfterGrace"/>, so the grace is never cut short. API calls end
/// themselves on <see cref="IHostApplicationLifetime.ApplicationStopping"/> with a 503 their clients can retry
/// (<see cref="Api.ChatCompletions"/>): they have nothing to save.
/// </summary>
public sealed class RepliesStopFirst(GenerationHub hub) : IHostedLifecycleService
{
    /// <summary>What the host allows beyond the grace for the rest of shutting down (the web server, jobs, logs).</summary>
    public static readonly TimeSpan AfterGrace = TimeSpan.FromSeconds(15);

    public static void Register(IServiceCollection services)
    {
        services.AddHostedService<RepliesStopFirst>();
        // 25 s by default: under the 30 s the README and fly.toml give a container to stop.
        services.AddOptions<HostOptions>().Configure<IOptions<ChatLimits>>((host, limits) =>
            host.ShutdownTimeout = limits.Value.ShutdownGrace + AfterGrace);
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => hub.StopAsync(cancellationToken);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

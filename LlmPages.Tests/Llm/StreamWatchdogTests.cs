using LlmPages.Llm;
using Microsoft.Extensions.Time.Testing;

namespace LlmPages.Tests.Llm;

/// <summary>The stall timeout's clock runs only while a stream waits for its server, and each wait has its own limit.</summary>
[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
public sealed class StreamWatchdogTests
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public void AWaitLongerThanItsLimitCancels()
    {
        using var target = new CancellationTokenSource();
        using var watchdog = new StreamWatchdog(target, clock);

        watchdog.Arm(TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(target.IsCancellationRequested);
        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.True(target.IsCancellationRequested);
    }

    [Fact]
    public void ManyShortWaitsNeverAddUp()
    {
        using var target = new CancellationTokenSource();
        using var watchdog = new StreamWatchdog(target, clock);

        for (var i = 0; i < 100; i++)
        {
            watchdog.Arm(TimeSpan.FromSeconds(10));
            clock.Advance(TimeSpan.FromSeconds(3));
            watchdog.Disarm();
        }

        Assert.False(target.IsCancellationRequested);
    }

    [Fact]
    public void TimeBetweenWaitsDoesNotCount()
    {
        using var target = new CancellationTokenSource();
        using var watchdog = new StreamWatchdog(target, clock);

        watchdog.Arm(TimeSpan.FromSeconds(10));
        watchdog.Disarm();
        clock.Advance(TimeSpan.FromMinutes(5)); // the caller is busy with an update, not waiting for the server
        watchdog.Arm(TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.False(target.IsCancellationRequested);
    }

    [Fact]
    public void AShorterLimitForLaterWaitsIsKept()
    {
        using var target = new CancellationTokenSource();
        using var watchdog = new StreamWatchdog(target, clock);

        watchdog.Arm(TimeSpan.FromMinutes(1)); // the first token may take a minute
        watchdog.Disarm();
        watchdog.Arm(TimeSpan.FromSeconds(5)); // later tokens only five seconds
        clock.Advance(TimeSpan.FromSeconds(6));

        Assert.True(target.IsCancellationRequested);
    }
}

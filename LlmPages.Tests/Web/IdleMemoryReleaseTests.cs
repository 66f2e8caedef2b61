using LlmPages.Web;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmPages.Tests.Web;

/// <summary>When the app gives idle memory back: once it goes quiet after allocating enough, and not while it works.</summary>
[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
public sealed class IdleMemoryReleaseTests
{
    private const long MB = 1024 * 1024;

    private readonly IdleMemoryRelease release = new(NullLogger<IdleMemoryRelease>.Instance);
    private long allocated;

    [Fact]
    public void AfterStartUpItReleasesOnceTheAppIsQuietAndThenNotAgain()
    {
        allocated = 80 * MB; // start-up
        Assert.False(Tick(0));
        Assert.False(Tick(10 * 1024)); // the job pollers' few KB: one quiet tick
        Assert.True(Tick(10 * 1024));  // two

        for (var i = 0; i < 100; i++)
        {
            Assert.False(Tick(10 * 1024));
        }
    }

    [Fact]
    public void NeverWhileTheAppKeepsAllocating()
    {
        for (var i = 0; i < 100; i++)
        {
            Assert.False(Tick(IdleMemoryRelease.QuietBytesPerTick + 1));
        }
    }

    [Fact]
    public void AgainAfterABurstWorthAFullCollectionButNotAfterASmallOne()
    {
        Tick(80 * MB);
        Tick(0);
        Assert.True(Tick(0));

        Tick(IdleMemoryRelease.WorthReleasing / 2);
        Assert.False(Tick(0));
        Assert.False(Tick(0));

        Tick(IdleMemoryRelease.WorthReleasing);
        Assert.False(Tick(0));
        Assert.True(Tick(0));
    }

    private bool Tick(long allocatedSinceLastTick)
    {
        allocated += allocatedSinceLastTick;
        return release.Observe(allocated);
    }
}

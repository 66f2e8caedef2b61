using System.Runtime.InteropServices;

namespace LlmPages.Web;

/// <summary>
/// Hands back to the system, once the app goes quiet, the memory it holds but no longer uses. The garbage collector keeps
/// the regions freed by its collections for the allocations to come (a budget that follows the processor's cache, 32 MB
/// here) and only gives them back in later collections, which an idle app does not have; glibc's malloc keeps the native
/// memory freed by the JIT compiler and the database driver in its arenas. Right after start-up (the model built, the
/// database migrated) and after a burst of requests, that was 20-35 MB of resident memory that nothing would use again
/// until the next burst.
/// </summary>
/// <remarks>
/// Quiet means the app allocated next to nothing for <see cref="QuietTicks"/> seconds in a row (an idle app's job
/// pollers allocate a few KB a second; a request, tens of KB or more; a streaming reply, more every second). Then, if
/// it allocated at least <see cref="WorthReleasing"/> since the last release, one aggressive collection (.NET's mode for
/// an app going idle: it compacts and gives back every free region) and, on glibc, <c>malloc_trim</c>. A busy app is
/// never quiet, so this costs it nothing; an app with a request now and then pays one full collection of a small heap
/// (a few tens of milliseconds) per pause.
/// </remarks>
internal sealed partial class IdleMemoryRelease(ILogger<IdleMemoryRelease> logger) : BackgroundService
{
    internal static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    /// <summary>Ticks in a row with at most <see cref="QuietBytesPerTick"/> allocated.</summary>
    internal const int QuietTicks = 2;

    internal const long QuietBytesPerTick = 256 * 1024;

    /// <summary>What the app must have allocated since the last release for another to be worth a full collection.</summary>
    internal const long WorthReleasing = 16 * 1024 * 1024;

    private static bool nativeTrimUnavailable;

    private long lastAllocated;
    private long allocatedAtRelease;
    private int quietTicks;

    /// <summary>
    /// Takes the bytes allocated so far, once a tick; true when the memory should be released now (the app went quiet
    /// after allocating enough since the last release).
    /// </summary>
    internal bool Observe(long allocatedBytes)
    {
        quietTicks = allocatedBytes - lastAllocated <= QuietBytesPerTick ? quietTicks + 1 : 0;
        lastAllocated = allocatedBytes;
        if (quietTicks < QuietTicks || allocatedBytes - allocatedAtRelease < WorthReleasing)
        {
            return false;
        }
        allocatedAtRelease = allocatedBytes;
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The process's own time, not the app's clock (TimeProvider): being idle is about this process, and a test's
        // fake clock moved by a day would fire a one-second timer 86,400 times.
        using var timer = new PeriodicTimer(Tick);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (Observe(GC.GetTotalAllocatedBytes()))
                {
                    Release();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Release()
    {
        var before = GC.GetGCMemoryInfo().TotalCommittedBytes;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var native = TrimNativeHeap();
        LogReleased(logger, before / (1024 * 1024), GC.GetGCMemoryInfo().TotalCommittedBytes / (1024 * 1024), native);
    }

    /// <summary>glibc's <c>malloc_trim(0)</c>: gives back the free pages of every malloc arena. Not on other C libraries.</summary>
    private static bool TrimNativeHeap()
    {
        if (!OperatingSystem.IsLinux() || nativeTrimUnavailable)
        {
            return false;
        }
        try
        {
            return MallocTrim(0) != 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // musl (Alpine) has no malloc_trim.
            nativeTrimUnavailable = true;
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    [LoggerMessage(1, LogLevel.Debug, "Gave back idle memory: the GC heap's committed memory went from {BeforeMb} to {AfterMb} MB; native heap trimmed: {NativeTrimmed}")]
    private static partial void LogReleased(ILogger logger, long beforeMb, long afterMb, bool nativeTrimmed);
}

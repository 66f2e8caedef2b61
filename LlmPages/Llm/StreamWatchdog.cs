namespace LlmPages.Llm;

/// <summary>
/// Cancels a stream that waits too long for its server, with one timer per stream. Each wait sets a deadline
/// (<see cref="Arm"/>) and clears it when the server answers (<see cref="Disarm"/>): two memory writes per token.
/// The timer wakes at most once per limit, and only cancels when a wait is still open past its deadline.
/// </summary>
/// <remarks>
/// Setting a CancellationTokenSource's CancelAfter twice per token moved a runtime timer each time, under one
/// process-wide lock: with a thousand replies streaming, that lock was contended.
/// </remarks>
internal sealed class StreamWatchdog : IDisposable
{
    private readonly CancellationTokenSource target;
    private readonly TimeProvider time;
    private readonly ITimer timer;
    private long deadline;
    private int waiting;
    private TimeSpan period;

    public StreamWatchdog(CancellationTokenSource target, TimeProvider time)
    {
        this.target = target;
        this.time = time;
        timer = time.CreateTimer(_ => Check(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>A wait for the server begins: it may last up to <paramref name="limit"/>.</summary>
    public void Arm(TimeSpan limit)
    {
        Volatile.Write(ref deadline, time.GetTimestamp() + (long)(limit.TotalSeconds * time.TimestampFrequency));
        Volatile.Write(ref waiting, 1);
        if (limit != period)
        {
            // The first wait, or the limit changed (first token, then idle): the timer must not wake later than it.
            period = limit;
            timer.Change(limit, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The server answered: no wait is open.</summary>
    public void Disarm() => Volatile.Write(ref waiting, 0);

    private void Check()
    {
        // Waiting first, then its deadline: Arm writes them in the other order, so an open wait is never judged
        // by the deadline of the one before it.
        var isWaiting = Volatile.Read(ref waiting) == 1;
        var remaining = Volatile.Read(ref deadline) - time.GetTimestamp();
        if (isWaiting && remaining <= 0)
        {
            target.Cancel();
            return;
        }
        // Not waiting, or not yet due: look again when this wait could be due at the earliest.
        var next = isWaiting ? TimeSpan.FromSeconds(remaining / (double)time.TimestampFrequency) : period;
        try
        {
            timer.Change(next > TimeSpan.Zero ? next : TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The stream ended meanwhile.
        }
    }

    public void Dispose() => timer.Dispose();
}

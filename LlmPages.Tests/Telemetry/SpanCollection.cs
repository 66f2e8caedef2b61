using System.Collections;
using System.Diagnostics;

namespace LlmPages.Tests.Telemetry;

/// <summary>
/// Where the in-memory exporter puts ended spans, safe to read while it writes: every app in the test process starts
/// spans from the same sources, so spans keep arriving from other tests' apps.
/// </summary>
public sealed class SpanCollection : ICollection<Activity>
{
    private readonly Lock gate = new();
    private readonly List<Activity> spans = [];

    public int Count
    {
        get
        {
            lock (gate)
            {
                return spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public void Add(Activity item)
    {
        lock (gate)
        {
            spans.Add(item);
        }
    }

    /// <summary>The spans ended so far.</summary>
    public List<Activity> Snapshot()
    {
        lock (gate)
        {
            return [.. spans];
        }
    }

    /// <summary>Waits (for a condition, never a fixed time) until a span matching <paramref name="match"/> has ended.</summary>
    public async Task<Activity> WaitForAsync(Func<Activity, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (Snapshot().FirstOrDefault(match) is { } span)
            {
                return span;
            }
            await Task.Delay(20, timeout.Token);
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            spans.Clear();
        }
    }

    public bool Contains(Activity item) => Snapshot().Contains(item);

    public void CopyTo(Activity[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

    public bool Remove(Activity item)
    {
        lock (gate)
        {
            return spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

using System.Collections;

namespace LlmPages.Tests.Telemetry;

/// <summary>
/// Where an in-memory exporter puts what it exports (ended spans, log records), safe to read while it writes: spans keep
/// arriving, also from other tests' apps (every app in the test process starts spans from the same sources).
/// </summary>
public sealed class ExportedItems<T> : ICollection<T>
{
    private readonly Lock gate = new();
    private readonly List<T> spans = [];

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

    public void Add(T item)
    {
        lock (gate)
        {
            spans.Add(item);
        }
    }

    /// <summary>What was exported so far.</summary>
    public List<T> Snapshot()
    {
        lock (gate)
        {
            return [.. spans];
        }
    }

    /// <summary>Waits (for a condition, never a fixed time) until something matching <paramref name="match"/> is exported.</summary>
    public async Task<T> WaitForAsync(Func<T, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (Snapshot().FirstOrDefault(match) is { } item)
            {
                return item;
            }
            try
            {
                await Task.Delay(20, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Say what did arrive, so a failure shows which wait it was.
                var exported = Snapshot().Select(i => i is System.Diagnostics.Activity a ? $"{a.OperationName} ({a.SpanId} under {a.ParentSpanId})" : $"{i}");
                throw new TimeoutException($"Nothing matching was exported within 30 s. Exported: {string.Join("; ", exported)}");
            }
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            spans.Clear();
        }
    }

    public bool Contains(T item) => Snapshot().Contains(item);

    public void CopyTo(T[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

    public bool Remove(T item)
    {
        lock (gate)
        {
            return spans.Remove(item);
        }
    }

    public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

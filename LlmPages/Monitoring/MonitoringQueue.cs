using System.Threading.Channels;
using LlmPages.Data.Entities;

namespace LlmPages.Monitoring;

/// <summary>
/// The entries between <see cref="MonitoringLoggerProvider"/> (which must never wait) and <see cref="MonitoringWriter"/>
/// (which waits on the database): a bounded channel that refuses, rather than blocks, when full. What it refuses, and
/// what the writer could not save, is counted in <see cref="Dropped"/>, shown on the monitoring page.
/// </summary>
public sealed class MonitoringQueue(int capacity)
{
    private readonly Channel<MonitoringLog> channel = Channel.CreateBounded<MonitoringLog>(new BoundedChannelOptions(capacity)
    {
        FullMode = BoundedChannelFullMode.Wait, // with TryWrite: refuse when full, never block
        SingleReader = true,
        SingleWriter = false,
    });

    private long dropped;

    /// <summary>Entries lost since the app started: the queue was full, or the database refused them.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    public ChannelReader<MonitoringLog> Reader => channel.Reader;

    /// <summary>Queues the entry, or counts it as dropped when the queue is full. Never waits.</summary>
    public void Add(MonitoringLog entry)
    {
        if (!channel.Writer.TryWrite(entry))
        {
            CountDropped(1);
        }
    }

    public void CountDropped(int count) => Interlocked.Add(ref dropped, count);
}

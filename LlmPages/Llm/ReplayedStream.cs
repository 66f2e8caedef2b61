namespace LlmPages.Llm;

/// <summary>
/// A read-only stream that gives back bytes already read from <paramref name="inner"/> (<paramref name="read"/>),
/// then the rest of it: how a body can be looked at before its reader is chosen.
/// </summary>
internal sealed class ReplayedStream(ReadOnlyMemory<byte> read, Stream inner) : ReadOnlyWrapperStream(inner)
{
    private ReadOnlyMemory<byte> replay = read;

    // Not async: once the replay is done, each read is the inner stream's own, with no state machine of its own.
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (replay.IsEmpty)
        {
            return Inner.ReadAsync(buffer, cancellationToken);
        }
        return ValueTask.FromResult(TakeReplay(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (replay.IsEmpty)
        {
            return Inner.Read(buffer);
        }
        return TakeReplay(buffer);
    }

    /// <summary>Copies what is left of the replay into <paramref name="buffer"/>; once it is all given, lets go of its array.</summary>
    private int TakeReplay(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, replay.Length);
        replay.Span[..count].CopyTo(buffer);
        replay = count == replay.Length ? ReadOnlyMemory<byte>.Empty : replay[count..];
        return count;
    }
}

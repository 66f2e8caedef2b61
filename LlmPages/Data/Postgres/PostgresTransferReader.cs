using System.Buffers;
using System.Data;
using Npgsql;

namespace LlmPages.Data.Postgres;

/// <summary>
/// Reads a transfer's file from <c>TransferChunks</c> a chunk at a time, each with one short query on a pooled
/// connection, into one buffer of <see cref="PostgresTransferStore.ChunkSize"/>. Its length is known (a download says
/// it) and it seeks, since every chunk but the last is whole.
/// </summary>
internal sealed class PostgresTransferReader(string connectionString, Guid transferId, long length) : Stream
{
    private byte[]? buffer = ArrayPool<byte>.Shared.Rent(PostgresTransferStore.ChunkSize);
    private int loadedChunk = -1;
    private int loadedLength;
    private long position;

    public override bool CanRead => buffer is not null;

    public override bool CanSeek => buffer is not null;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => position;
        set => position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => position + offset,
        _ => length + offset,
    };

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> destination)
    {
        if (Ready() is not { } chunk)
        {
            return 0;
        }
        if (chunk != loadedChunk)
        {
            LoadAsync(chunk, async: false, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
        return CopyTo(destination);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (Ready() is not { } chunk)
        {
            return 0;
        }
        if (chunk != loadedChunk)
        {
            await LoadAsync(chunk, async: true, cancellationToken);
        }
        return CopyTo(destination.Span);
    }

    /// <summary>The chunk holding the next byte, or null at the end.</summary>
    private int? Ready()
    {
        ObjectDisposedException.ThrowIf(buffer is null, this);
        return position < length ? (int)(position / PostgresTransferStore.ChunkSize) : null;
    }

    private int CopyTo(Span<byte> destination)
    {
        var offset = (int)(position % PostgresTransferStore.ChunkSize);
        var count = Math.Min(destination.Length, loadedLength - offset);
        if (count <= 0)
        {
            throw new IOException($"Transfer {transferId} is shorter than its {length} bytes: it changed while being read.");
        }
        buffer.AsSpan(offset, count).CopyTo(destination);
        position += count;
        return count;
    }

    /// <summary>Reads chunk <paramref name="chunk"/> into the buffer. Without <paramref name="async"/>, only synchronous calls.</summary>
    private async ValueTask LoadAsync(int chunk, bool async, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await using var command = new NpgsqlCommand(
            """SELECT "Data" FROM "TransferChunks" WHERE "TransferId" = @id AND "Seq" = @seq""", connection);
        command.Parameters.AddWithValue("id", transferId);
        command.Parameters.AddWithValue("seq", chunk);
        loadedChunk = -1;
        if (async)
        {
            await connection.OpenAsync(cancellationToken);
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
            loadedLength = 0;
            if (await reader.ReadAsync(cancellationToken))
            {
                await using var data = await reader.GetStreamAsync(0, cancellationToken);
                loadedLength = await data.ReadAtLeastAsync(buffer.AsMemory(0, PostgresTransferStore.ChunkSize), PostgresTransferStore.ChunkSize, throwOnEndOfStream: false, cancellationToken);
            }
        }
        else
        {
            connection.Open();
            using var reader = command.ExecuteReader(CommandBehavior.SequentialAccess);
            loadedLength = 0;
            if (reader.Read())
            {
                using var data = reader.GetStream(0);
                loadedLength = data.ReadAtLeast(buffer.AsSpan(0, PostgresTransferStore.ChunkSize), PostgresTransferStore.ChunkSize, throwOnEndOfStream: false);
            }
        }
        loadedChunk = chunk;
    }

    public override void Flush()
    {
    }

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }
        base.Dispose(disposing);
    }
}

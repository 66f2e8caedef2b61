using System.Buffers;
using Npgsql;
using NpgsqlTypes;

namespace LlmPages.Data.Postgres;

/// <summary>
/// Writes a transfer's file into <c>TransferChunks</c> as it comes: a row each time <see cref="PostgresTransferStore.ChunkSize"/>
/// bytes have been written, the rest when disposed (an empty file is one empty chunk, so it exists). Flushing writes
/// nothing: every chunk but the last is whole, which is what lets <see cref="PostgresTransferReader"/> seek.
/// </summary>
internal sealed class PostgresTransferWriter(string connectionString, Guid transferId) : Stream
{
    private byte[]? buffer = ArrayPool<byte>.Shared.Rent(PostgresTransferStore.ChunkSize);
    private int filled;
    private int saved;
    private long length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => buffer is not null;

    public override long Length => length;

    public override long Position
    {
        get => length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var taken = Take(data);
            data = data[taken..];
            if (filled == PostgresTransferStore.ChunkSize)
            {
                SaveAsync(async: false, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        while (!data.IsEmpty)
        {
            var taken = Take(data.Span);
            data = data[taken..];
            if (filled == PostgresTransferStore.ChunkSize)
            {
                await SaveAsync(async: true, cancellationToken);
            }
        }
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (buffer is not null)
        {
            try
            {
                if (filled > 0 || saved == 0)
                {
                    await SaveAsync(async: true, CancellationToken.None);
                }
            }
            finally
            {
                Return();
            }
        }
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && buffer is not null)
        {
            try
            {
                if (filled > 0 || saved == 0)
                {
                    SaveAsync(async: false, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                }
            }
            finally
            {
                Return();
            }
        }
        base.Dispose(disposing);
    }

    private int Take(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(buffer is null, this);
        var taken = Math.Min(data.Length, PostgresTransferStore.ChunkSize - filled);
        data[..taken].CopyTo(buffer.AsSpan(filled));
        filled += taken;
        length += taken;
        return taken;
    }

    /// <summary>The buffer as the next chunk. Without <paramref name="async"/>, only synchronous calls (a sync <see cref="Write(ReadOnlySpan{byte})"/>).</summary>
    private async ValueTask SaveAsync(bool async, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await using var command = new NpgsqlCommand(
            """INSERT INTO "TransferChunks" ("TransferId", "Seq", "Data") VALUES (@id, @seq, @data)""", connection);
        command.Parameters.AddWithValue("id", transferId);
        command.Parameters.AddWithValue("seq", saved);
        command.Parameters.Add(new NpgsqlParameter("data", NpgsqlDbType.Bytea) { Value = new ArraySegment<byte>(buffer!, 0, filled) });
        if (async)
        {
            await connection.OpenAsync(cancellationToken);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        else
        {
            connection.Open();
            command.ExecuteNonQuery();
        }
        saved++;
        filled = 0;
    }

    private void Return()
    {
        ArrayPool<byte>.Shared.Return(buffer!);
        buffer = null;
    }
}

using System.Buffers;
using System.Text.Json;

namespace LlmPages.Transfers;

/// <summary>
/// Writes a <see cref="ChatArchive"/> to a stream one chat at a time, flushing as it goes, so that an export of
/// thousands of chats never holds more than one of them in memory. JSON is written into a buffer and the buffer to the
/// stream asynchronously (a response body refuses synchronous writes, which the serializer would make).
/// </summary>
public sealed class ChatArchiveWriter : IAsyncDisposable
{
    private const int FlushAt = 64 * 1024;
    private readonly Stream stream;
    private readonly ArrayBufferWriter<byte> buffer = new(FlushAt * 2);
    private readonly Utf8JsonWriter writer;

    private ChatArchiveWriter(Stream stream, DateTime exportedAt)
    {
        this.stream = stream;
        writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("format", ChatArchive.Format);
        writer.WriteNumber("version", ChatArchive.Version);
        writer.WriteString("exportedAt", exportedAt);
        writer.WriteStartArray("chats");
    }

    public static ChatArchiveWriter Start(Stream stream, DateTime exportedAt) => new(stream, exportedAt);

    public async Task WriteAsync(ArchivedChat chat, CancellationToken cancellationToken)
    {
        JsonSerializer.Serialize(writer, chat, ChatArchive.Json);
        if (writer.BytesPending + buffer.WrittenCount > FlushAt)
        {
            await FlushAsync(cancellationToken);
        }
    }

    /// <summary>Closes the array and the object: without this the file is truncated, and the import says so.</summary>
    public async Task EndAsync(CancellationToken cancellationToken)
    {
        writer.WriteEndArray();
        writer.WriteEndObject();
        await FlushAsync(cancellationToken);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        writer.Flush(); // into the buffer: no I/O
        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
        await stream.FlushAsync(cancellationToken);
        buffer.ResetWrittenCount();
    }

    public ValueTask DisposeAsync() => writer.DisposeAsync();
}

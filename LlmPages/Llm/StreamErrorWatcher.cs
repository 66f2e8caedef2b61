using System.Text;
using System.Text.Json;

namespace LlmPages.Llm;

/// <summary>
/// A streamed response body (server-sent events or newline-delimited JSON) that looks at each line as the SDK
/// reads it and turns an error the server reports there into a <see cref="ProviderStreamException"/>. The lines
/// before the error are passed on first, so the SDK hands out the text they carry; the next read throws. Only a
/// line holding <c>"error"</c> (or following <c>event: error</c>) is parsed: a normal stream costs one byte scan.
/// </summary>
internal sealed class StreamErrorWatcher(Stream inner, Action<ProviderStreamException> found) : ReadOnlyWrapperStream(inner)
{
    /// <summary>Longer lines are passed on unread: an error line is a few hundred bytes.</summary>
    private const int MaxLineBytes = 64 * 1024;

    /// <summary>The start of a line begun in an earlier read.</summary>
    private byte[] held = [];
    private int heldLength;
    private bool heldTooLong;

    /// <summary>The current server-sent event is named <c>error</c>: its data is the error, whatever its shape.</summary>
    private bool inErrorEvent;

    private ProviderStreamException? pending;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfFound();
        var read = await Inner.ReadAsync(buffer, cancellationToken);
        return Watch(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer)
    {
        ThrowIfFound();
        return Watch(buffer[..Inner.Read(buffer)]);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    private void ThrowIfFound()
    {
        if (pending is not null)
        {
            throw pending;
        }
    }

    /// <summary>How many of the bytes just read to pass on; throws when nothing comes before the error.</summary>
    private int Watch(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            // The end of the body: a last line without its newline counts too.
            var last = heldLength > 0 && !heldTooLong ? Check(held.AsSpan(0, heldLength)) : null;
            heldLength = 0;
            return last is null ? 0 : throw Found(last);
        }
        var start = 0;
        while (true)
        {
            var newline = data[start..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                Hold(data[start..]);
                return data.Length;
            }
            var end = start + newline;
            var begunBefore = heldLength > 0 || heldTooLong;
            ProviderStreamException? error;
            if (begunBefore)
            {
                Hold(data[start..end]);
                error = heldTooLong ? null : Check(held.AsSpan(0, heldLength));
                heldLength = 0;
                heldTooLong = false;
            }
            else
            {
                error = Check(data[start..end]);
            }
            if (error is not null)
            {
                Found(error);
                // The whole lines before the error go to the SDK now; the error comes with the next read.
                return !begunBefore && start > 0 ? start : throw error;
            }
            start = end + 1;
        }
    }

    private ProviderStreamException Found(ProviderStreamException error)
    {
        pending = error;
        found(error);
        return error;
    }

    private void Hold(ReadOnlySpan<byte> part)
    {
        if (heldTooLong || part.IsEmpty)
        {
            return;
        }
        if (heldLength + part.Length > MaxLineBytes)
        {
            heldTooLong = true;
            heldLength = 0;
            return;
        }
        if (held.Length < heldLength + part.Length)
        {
            Array.Resize(ref held, Math.Max(heldLength + part.Length, Math.Min(MaxLineBytes, Math.Max(256, held.Length * 2))));
        }
        part.CopyTo(held.AsSpan(heldLength));
        heldLength += part.Length;
    }

    /// <summary>The error one line reports, or null.</summary>
    private ProviderStreamException? Check(ReadOnlySpan<byte> line)
    {
        if (line.EndsWith("\r"u8))
        {
            line = line[..^1];
        }
        if (line.IsEmpty)
        {
            inErrorEvent = false; // a blank line ends a server-sent event
            return null;
        }
        if (line.StartsWith("event:"u8))
        {
            inErrorEvent = line[6..].Trim((byte)' ').SequenceEqual("error"u8);
            return null;
        }
        // llama.cpp names the field itself "error:" rather than sending "event: error".
        var errorField = line.StartsWith("error:"u8);
        var payload = (errorField ? line[6..] : line.StartsWith("data:"u8) ? line[5..] : line).TrimStart((byte)' ');
        var named = errorField || inErrorEvent;
        return named || payload.IndexOf("\"error\""u8) >= 0 ? Parse(payload, named) : null;
    }

    /// <summary>
    /// The error a JSON object describes; null when it describes none. The data of a line <paramref name="named"/>
    /// an error is one whatever it holds, plain text included.
    /// </summary>
    private static ProviderStreamException? Parse(ReadOnlySpan<byte> payload, bool named)
    {
        if (!payload.IsEmpty && payload[0] == (byte)'{')
        {
            try
            {
                var reader = new Utf8JsonReader(payload);
                using var json = JsonDocument.ParseValue(ref reader);
                if (ServerErrorJson.TryRead(json.RootElement, out var message, out var type, named))
                {
                    return new ProviderStreamException(message, type);
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: plain text.
            }
        }
        return named ? new ProviderStreamException(payload.IsEmpty ? null : Encoding.UTF8.GetString(payload), null) : null;
    }
}

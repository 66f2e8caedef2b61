using System.Text.Json;

namespace LlmPages.Transfers;

/// <summary>
/// Reads JSON from a stream token by token, or one whole value at a time (an element of a long array), holding only
/// what it is reading in memory: a 200 MB export is read one chat at a time. The buffer grows only when one value is
/// larger than it. A file that ends before its JSON does throws <see cref="ImportRefusedException"/>; JSON that is
/// not JSON throws <see cref="JsonException"/> with the line and position.
/// </summary>
public sealed class JsonStreamReader(Stream stream)
{
    private byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;
    private bool final;
    private JsonReaderState state = new(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
    private long line;

    /// <summary>The next token, with its text when it is a property name or a string.</summary>
    public async ValueTask<(JsonTokenType Type, string? Text)> ReadTokenAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryReadToken(out var token))
            {
                return token;
            }
            await FillAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The next whole value (an object, an array or a scalar), once all of it has been read; null when the array (or
    /// object) being read ends instead.
    /// </summary>
    public async ValueTask<JsonElement?> ReadValueAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryReadValue(out var value))
            {
                return value;
            }
            await FillAsync(cancellationToken);
        }
    }

    /// <summary>Whether anything but white space follows the JSON read so far.</summary>
    public async ValueTask<bool> HasMoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            for (; start < end; start++)
            {
                if (buffer[start] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    return true;
                }
            }
            if (final)
            {
                return false;
            }
            await FillAsync(cancellationToken);
        }
    }

    private bool TryReadToken(out (JsonTokenType, string?) token)
    {
        var reader = new Utf8JsonReader(buffer.AsSpan(start, end - start), final, state);
        token = default;
        if (!Read(ref reader))
        {
            return false;
        }
        token = (reader.TokenType, reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String ? reader.GetString() : null);
        Advance(ref reader);
        return true;
    }

    private bool TryReadValue(out JsonElement? value)
    {
        var reader = new Utf8JsonReader(buffer.AsSpan(start, end - start), final, state);
        value = null;
        if (!Read(ref reader))
        {
            return false;
        }
        if (reader.TokenType is JsonTokenType.EndArray or JsonTokenType.EndObject)
        {
            Advance(ref reader);
            return true;
        }
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            var ahead = reader;
            if (!Skip(ref ahead))
            {
                return false;
            }
        }
        value = JsonElement.ParseValue(ref reader);
        Advance(ref reader);
        return true;
    }

    private bool Read(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.Read();
        }
        catch (JsonException e)
        {
            throw Failure(e);
        }
    }

    private bool Skip(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.TrySkip();
        }
        catch (JsonException e)
        {
            throw Failure(e);
        }
    }

    /// <summary>
    /// At the end of the file the reader cannot wait for more, so JSON cut short is an error to it as much as JSON
    /// that is wrong: it was cut short when everything left would be fine if more followed.
    /// </summary>
    private Exception Failure(JsonException e)
    {
        if (final)
        {
            var rest = new Utf8JsonReader(buffer.AsSpan(start, end - start), isFinalBlock: false, state);
            try
            {
                while (rest.Read())
                {
                }
                return Truncated();
            }
            catch (JsonException)
            {
                // Wrong before the end: reported where it is.
            }
        }
        return Located(e);
    }

    private static ImportRefusedException Truncated() =>
        new("The file ends in the middle of its JSON: it may have been cut short while it was downloaded or copied. " +
            $"{ImportRefusedException.NothingImported} Download the export again and import the new file.");

    /// <summary>The error with its line counted from the start of the file, not of the buffer (both from 0).</summary>
    private JsonException Located(JsonException e) =>
        new(e.Message, null, (e.LineNumber ?? 0) + line, e.BytePositionInLine, e);

    private void Advance(ref Utf8JsonReader reader)
    {
        var consumed = (int)reader.BytesConsumed;
        line += buffer.AsSpan(start, consumed).Count((byte)'\n');
        start += consumed;
        state = reader.CurrentState;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (final)
        {
            throw Truncated();
        }
        if (start > 0)
        {
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            end -= start;
            start = 0;
        }
        if (end == buffer.Length)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
        }
        var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken);
        end += read;
        final = read == 0;
    }
}

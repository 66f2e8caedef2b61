using System.Text.Json;

namespace LlmPages.Transfers;

/// <summary>
/// The chats in an uploaded file, one at a time, whichever of the two formats it is: our own export (an object whose
/// <c>format</c> is <see cref="ChatArchive.Format"/>, one chat or all of them) or ChatGPT's <c>conversations.json</c>
/// (an array of conversations, each with its <c>mapping</c> tree). Anything else, or anything wrong inside, throws
/// <see cref="ImportRefusedException"/> with what is wrong, so the import can refuse the whole file.
/// </summary>
public static class ImportFile
{
    private const string Expected =
        "Choose the conversations.json from a ChatGPT data export, or a .json file exported from this app.";

    public static async IAsyncEnumerable<ArchivedChat> ReadAsync(
        Stream stream, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var json = new JsonStreamReader(stream);
        if (!await json.HasMoreAsync(cancellationToken))
        {
            throw new ImportRefusedException($"The file is empty. {ImportRefusedException.NothingImported} {Expected}");
        }
        var chats = await StartAsync(json, cancellationToken);
        var number = 0;
        while (await ItemAsync(json, cancellationToken) is { } element)
        {
            number++;
            yield return chats == Format.ChatGpt ? ChatGptConversation.Read(element, number) : OurChat(element, number);
        }
        if (chats == Format.Ours)
        {
            await ReadRestOfObjectAsync(json, cancellationToken);
        }
        if (await json.HasMoreAsync(cancellationToken))
        {
            throw new ImportRefusedException($"The file goes on after its JSON ends. {ImportRefusedException.NothingImported} {Expected}");
        }
    }

    private enum Format
    {
        Ours,
        ChatGpt,
    }

    /// <summary>Reads up to the first chat: the start of ChatGPT's array, or our header and the start of "chats".</summary>
    private static async Task<Format> StartAsync(JsonStreamReader json, CancellationToken cancellationToken)
    {
        var (first, _) = await TokenAsync(json, cancellationToken);
        if (first == JsonTokenType.StartArray)
        {
            return Format.ChatGpt;
        }
        if (first != JsonTokenType.StartObject)
        {
            throw NotAnExport();
        }
        string? format = null;
        JsonElement? version = null;
        while (true)
        {
            var (type, name) = await TokenAsync(json, cancellationToken);
            if (type != JsonTokenType.PropertyName)
            {
                throw NotAnExport(); // the object ended without "chats"
            }
            if (name == "chats")
            {
                if (format != ChatArchive.Format)
                {
                    throw NotAnExport();
                }
                if (version is not { ValueKind: JsonValueKind.Number } v || !v.TryGetInt32(out var number) || number != ChatArchive.Version)
                {
                    throw new ImportRefusedException(
                        $"This export is in version {(version is { } known ? known.GetRawText() : "(none)")} of the format, and this app reads only " +
                        $"version {ChatArchive.Version}. {ImportRefusedException.NothingImported} Export the chats again from an app of the same version as this one.");
                }
                if ((await TokenAsync(json, cancellationToken)).Type != JsonTokenType.StartArray)
                {
                    throw NotAnExport();
                }
                return Format.Ours;
            }
            var value = await ReadElementAsync(json, cancellationToken);
            if (name == "format")
            {
                format = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            }
            else if (name == "version")
            {
                version = value;
            }
        }
    }

    private static async Task ReadRestOfObjectAsync(JsonStreamReader json, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (type, _) = await TokenAsync(json, cancellationToken);
            if (type == JsonTokenType.EndObject)
            {
                return;
            }
            await ReadElementAsync(json, cancellationToken);
        }
    }

    private static ArchivedChat OurChat(JsonElement element, int number)
    {
        try
        {
            return element.Deserialize<ArchivedChat>(ChatArchive.Json)
                ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 1 } path ? $" (at {path})" : "";
            throw new ImportRefusedException(
                $"Chat {number} of the file is not in the shape this app exports{where}. {ImportRefusedException.NothingImported} " +
                "The file may have been edited or damaged: export the chats again.");
        }
    }

    private static async Task<(JsonTokenType Type, string? Text)> TokenAsync(JsonStreamReader json, CancellationToken cancellationToken)
    {
        try
        {
            return await json.ReadTokenAsync(cancellationToken);
        }
        catch (JsonException e)
        {
            throw NotJson(e);
        }
    }

    private static async Task<JsonElement> ReadElementAsync(JsonStreamReader json, CancellationToken cancellationToken) =>
        await ItemAsync(json, cancellationToken) ?? throw NotAnExport();

    /// <summary>The next element of the array being read, or null at its end.</summary>
    private static async Task<JsonElement?> ItemAsync(JsonStreamReader json, CancellationToken cancellationToken)
    {
        try
        {
            return await json.ReadValueAsync(cancellationToken);
        }
        catch (JsonException e)
        {
            throw NotJson(e);
        }
    }

    private static ImportRefusedException NotJson(JsonException e) =>
        new($"The file is not valid JSON (the error is on line {(e.LineNumber ?? 0) + 1}). {ImportRefusedException.NothingImported} {Expected}");

    private static ImportRefusedException NotAnExport() =>
        new($"The file is JSON, but not a chat export this app knows. {ImportRefusedException.NothingImported} {Expected}");
}

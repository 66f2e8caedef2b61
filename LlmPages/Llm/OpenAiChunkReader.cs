using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LlmPages.Llm;

/// <summary>
/// Reads the chunks of one streamed chat completion (<c>chat.completion.chunk</c>, one JSON object per event) into
/// <see cref="ChatResponseUpdate"/>s, with one forward pass of a <see cref="Utf8JsonReader"/> per chunk: no document,
/// no intermediate model. Fills what the SDK's adapter fills (Microsoft.Extensions.AI.OpenAI 10.11): the text,
/// reasoning text (<c>reasoning_content</c>, or <c>reasoning</c> as OpenRouter and newer vLLM name it), the usage in the
/// final chunk, the finish reason and role (kept once they came), the response id, model and creation time. Fields
/// it does not know, and servers that leave fields out, are skipped. Tool calls are not read: LlmPages sends no tools.
/// One reader per stream: it remembers the role, finish reason, id and model across chunks.
/// </summary>
internal sealed class OpenAiChunkReader
{
    private ChatRole? role;
    private ChatFinishReason? finishReason;
    private string? responseId;
    private string? modelId;

    /// <summary>The update one chunk carries.</summary>
    /// <exception cref="JsonException">The chunk is not the JSON object it should be.</exception>
    /// <exception cref="ProviderStreamException">The chunk reports an error (<c>{"error": ..}</c>).</exception>
    public ChatResponseUpdate Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        Expect(ref reader, JsonTokenType.StartObject);
        var update = new ChatResponseUpdate();
        string? id = null;
        string? model = null;
        DateTimeOffset? created = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                ReadChoices(ref reader, update);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                id = Reuse(ref reader, responseId);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                model = Reuse(ref reader, modelId);
            }
            else if (reader.ValueTextEquals("created"u8))
            {
                Next(ref reader);
                created = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var seconds)
                    && seconds is >= 0 and <= 253_402_300_799 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                if (ReadUsage(ref reader) is { } usage)
                {
                    update.Contents.Add(new UsageContent(usage));
                }
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                if (Next(ref reader) != JsonTokenType.Null && ErrorIn(json) is { } error)
                {
                    throw error;
                }
                reader.Skip();
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }
        responseId = id ?? responseId;
        modelId ??= model;
        update.ResponseId = id;
        update.MessageId = id;
        update.ModelId = modelId;
        update.CreatedAt = created;
        update.Role = role;
        update.FinishReason = finishReason;
        return update;
    }

    private void ReadChoices(ref Utf8JsonReader reader, ChatResponseUpdate update)
    {
        if (Next(ref reader) == JsonTokenType.Null)
        {
            return;
        }
        Expect(ref reader, JsonTokenType.StartArray);
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartObject);
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                // "message" in the one chat.completion of a server that did not stream: the same fields, whole.
                if (reader.ValueTextEquals("delta"u8) || reader.ValueTextEquals("message"u8))
                {
                    ReadDelta(ref reader, update);
                }
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    finishReason ??= String(ref reader) is { Length: > 0 } reason ? FinishReason(reason) : null;
                }
                else
                {
                    Next(ref reader);
                    reader.Skip();
                }
            }
        }
    }

    private void ReadDelta(ref Utf8JsonReader reader, ChatResponseUpdate update)
    {
        if (Next(ref reader) == JsonTokenType.Null)
        {
            return;
        }
        Expect(ref reader, JsonTokenType.StartObject);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                if (String(ref reader) is { Length: > 0 } text)
                {
                    update.Contents.Add(new TextContent(text));
                }
            }
            else if (reader.ValueTextEquals("role"u8))
            {
                role ??= String(ref reader) is { Length: > 0 } name ? Role(name) : null;
            }
            else if (reader.ValueTextEquals("reasoning_content"u8) || reader.ValueTextEquals("reasoning"u8))
            {
                if (String(ref reader) is { Length: > 0 } thought)
                {
                    update.Contents.Add(new TextReasoningContent(thought));
                }
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }
    }

    /// <summary>The token counts of the final chunk; null when the server sent <c>"usage": null</c> (vLLM does, on every chunk).</summary>
    private static UsageDetails? ReadUsage(ref Utf8JsonReader reader)
    {
        if (Next(ref reader) == JsonTokenType.Null)
        {
            return null;
        }
        Expect(ref reader, JsonTokenType.StartObject);
        var usage = new UsageDetails();
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                usage.InputTokenCount = Count(ref reader);
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                usage.OutputTokenCount = Count(ref reader);
            }
            else if (reader.ValueTextEquals("total_tokens"u8))
            {
                usage.TotalTokenCount = Count(ref reader);
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8))
            {
                usage.CachedInputTokenCount = Detail(ref reader, "cached_tokens"u8);
            }
            else if (reader.ValueTextEquals("completion_tokens_details"u8))
            {
                usage.ReasoningTokenCount = Detail(ref reader, "reasoning_tokens"u8);
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }
        return usage;
    }

    /// <summary>One count inside a details object (<c>{"cached_tokens": 3, ..}</c>), or null.</summary>
    private static long? Detail(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (Next(ref reader) != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }
        long? count = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(name))
            {
                count = Count(ref reader);
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }
        return count;
    }

    private static long? Count(ref Utf8JsonReader reader) =>
        Next(ref reader) == JsonTokenType.Number && reader.TryGetInt64(out var count) ? count
        : reader.TokenType == JsonTokenType.Null ? null
        : throw new JsonException($"A token count was a {reader.TokenType}, not a number.");

    /// <summary>The string value that follows; null for <c>null</c>.</summary>
    private static string? String(ref Utf8JsonReader reader) =>
        Next(ref reader) switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            var other => throw new JsonException($"Expected a string, found a {other}."),
        };

    /// <summary>The string value that follows, as <paramref name="last"/> when it is the same text: ids repeat in every chunk.</summary>
    private static string? Reuse(ref Utf8JsonReader reader, string? last)
    {
        if (Next(ref reader) == JsonTokenType.String && last is not null && reader.ValueTextEquals(last))
        {
            return last;
        }
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            var other => throw new JsonException($"Expected a string, found a {other}."),
        };
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("The chunk ended early.");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType == JsonTokenType.None)
        {
            Next(ref reader);
        }
        if (reader.TokenType != type)
        {
            throw new JsonException($"Expected a {type}, found a {reader.TokenType}.");
        }
    }

    private static ChatFinishReason FinishReason(string value) => value switch
    {
        "stop" => ChatFinishReason.Stop,
        "length" => ChatFinishReason.Length,
        "content_filter" => ChatFinishReason.ContentFilter,
        "tool_calls" or "function_call" => ChatFinishReason.ToolCalls,
        // The SDK throws on a reason it does not know; servers have their own ("eos", "abort"): keep the word.
        _ => new ChatFinishReason(value),
    };

    private static ChatRole Role(string value) => value switch
    {
        "assistant" => ChatRole.Assistant,
        "user" => ChatRole.User,
        "system" => ChatRole.System,
        "tool" => ChatRole.Tool,
        _ => new ChatRole(value),
    };

    /// <summary>
    /// The error a chunk reports, in the server's words; null when its <c>error</c> field describes none.
    /// <see cref="StreamErrorHandler"/> finds these beneath us in any <c>text/event-stream</c>; this catches those
    /// served under another content type.
    /// </summary>
    private static ProviderStreamException? ErrorIn(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        return ServerErrorJson.TryRead(document.RootElement, out var message, out var type) ? new ProviderStreamException(message, type) : null;
    }
}

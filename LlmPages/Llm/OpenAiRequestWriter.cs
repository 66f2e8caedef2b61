using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LlmPages.Llm;

/// <summary>
/// Writes a streamed chat completion request (<c>POST /chat/completions</c>, <c>"stream": true</c>) the way the
/// OpenAI SDK writes it for the conversations LlmPages sends: text messages (system, user, assistant) and the
/// sampling settings the chat pages and the API pass on. <see cref="CanWrite"/> says whether a call is one of those;
/// any other (tools, images, a response format, raw options) goes to the SDK unchanged.
/// </summary>
internal static class OpenAiRequestWriter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // A request body, never HTML: accented letters and quotes need no escaping beyond JSON's own.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>True when every message is plain text in a role the wire has, and every option set is one written here.</summary>
    public static bool CanWrite(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        foreach (var message in messages)
        {
            if (RoleName(message.Role) is null || message.AuthorName is not null)
            {
                return false;
            }
            foreach (var content in message.Contents)
            {
                if (content is not TextContent)
                {
                    return false;
                }
            }
        }
        return options is null || (options.Tools is not { Count: > 0 } && options.ResponseFormat is null
            && options.RawRepresentationFactory is null && options.AdditionalProperties is not { Count: > 0 }
            && options.Instructions is null && options.ConversationId is null && options.TopK is null
            && options.Reasoning is null && options.ContinuationToken is null && options.ToolMode is null);
    }

    /// <param name="addMaxTokens">Send the reply limit as <c>max_tokens</c> too (<see cref="OpenAiCompatibilityPolicy.WantsMaxTokens"/>).</param>
    public static byte[] Write(string model, IEnumerable<ChatMessage> messages, ChatOptions? options, bool addMaxTokens)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("model"u8, model);
            json.WriteStartArray("messages"u8);
            foreach (var message in messages)
            {
                json.WriteStartObject();
                json.WriteString("role"u8, RoleName(message.Role));
                json.WriteString("content"u8, message.Text);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteBoolean("stream"u8, true);
            json.WriteStartObject("stream_options"u8);
            json.WriteBoolean("include_usage"u8, true);
            json.WriteEndObject();
            if (options is not null)
            {
                WriteOptions(json, options, addMaxTokens);
            }
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteOptions(Utf8JsonWriter json, ChatOptions options, bool addMaxTokens)
    {
        if (options.Temperature is { } temperature)
        {
            json.WriteNumber("temperature"u8, temperature);
        }
        if (options.TopP is { } topP)
        {
            json.WriteNumber("top_p"u8, topP);
        }
        if (options.FrequencyPenalty is { } frequency)
        {
            json.WriteNumber("frequency_penalty"u8, frequency);
        }
        if (options.PresencePenalty is { } presence)
        {
            json.WriteNumber("presence_penalty"u8, presence);
        }
        if (options.Seed is { } seed)
        {
            json.WriteNumber("seed"u8, seed);
        }
        if (options.MaxOutputTokens is { } limit)
        {
            json.WriteNumber("max_completion_tokens"u8, limit);
            if (addMaxTokens)
            {
                json.WriteNumber("max_tokens"u8, limit);
            }
        }
        if (options.StopSequences is { Count: > 0 } stops)
        {
            json.WriteStartArray("stop"u8);
            foreach (var stop in stops)
            {
                json.WriteStringValue(stop);
            }
            json.WriteEndArray();
        }
    }

    /// <summary>The wire's name for a role, or null for one this writer does not send (tool results).</summary>
    private static string? RoleName(ChatRole role) =>
        role == ChatRole.User ? "user"
        : role == ChatRole.Assistant ? "assistant"
        : role == ChatRole.System ? "system"
        : null;
}

using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LlmPages.Api;

/// <summary>
/// A <c>POST /v1/chat/completions</c> body, read and checked field by field so that a refusal names the field
/// (OpenAI's <c>param</c>). What LlmPages passes on: the messages (system, developer, user and assistant, as text),
/// temperature, top_p, max_tokens or max_completion_tokens, stop, the penalties and seed. What it cannot do
/// (tools, several choices, images and audio, log probabilities, structured output) is refused with a 400 rather
/// than quietly ignored, so a client never takes an answer for what it did not ask. Fields that change nothing about
/// the answer (<c>user</c>, <c>metadata</c>, <c>store</c>...) are ignored, as other OpenAI-compatible servers do.
/// </summary>
public sealed record ChatCompletionRequest(
    string Model,
    IReadOnlyList<ChatMessage> Messages,
    bool Stream,
    bool IncludeUsage,
    int? MaxTokens,
    ChatOptions Options)
{
    /// <summary>Fields that ask for something LlmPages does not do, with what to say about them.</summary>
    private static readonly (string Field, string Why)[] UnsupportedFields =
    [
        ("tools", "Tool calling is not supported by this server."),
        ("tool_choice", "Tool calling is not supported by this server."),
        ("functions", "Function calling is not supported by this server."),
        ("function_call", "Function calling is not supported by this server."),
        ("logit_bias", "logit_bias is not supported by this server."),
        ("top_logprobs", "Log probabilities are not supported by this server."),
        ("audio", "Audio output is not supported by this server."),
        ("prediction", "Predicted outputs are not supported by this server."),
        ("web_search_options", "Web search is not supported by this server."),
    ];

    private static readonly string[] Roles = ["system", "developer", "user", "assistant"];

    /// <summary>The request, or the first thing wrong with it.</summary>
    public static (ChatCompletionRequest? Request, ApiError? Error) Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return Fail(ApiError.BadRequest("body", "The request body must be a JSON object.", "invalid_type"));
        }
        foreach (var (field, why) in UnsupportedFields)
        {
            if (body.TryGetProperty(field, out var value) && !IsEmpty(value))
            {
                return Fail(ApiError.Unsupported(field, why));
            }
        }
        var logprobs = Flag(body, "logprobs");
        if (logprobs.Error is not null || logprobs.Value == true)
        {
            return Fail(logprobs.Error ?? ApiError.Unsupported("logprobs", "Log probabilities are not supported by this server."));
        }
        if (body.TryGetProperty("n", out var n) && n.ValueKind != JsonValueKind.Null && !(n.TryGetInt32(out var count) && count == 1))
        {
            return Fail(ApiError.Unsupported("n", "This server writes one choice per request: leave n out or set it to 1."));
        }
        if (body.TryGetProperty("response_format", out var format) && format.ValueKind != JsonValueKind.Null
            && !(format.ValueKind == JsonValueKind.Object && format.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "text"))
        {
            return Fail(ApiError.Unsupported("response_format", "Structured output (response_format) is not supported by this server; leave it out or use {\"type\":\"text\"}."));
        }
        if (body.TryGetProperty("modalities", out var modalities) && modalities.ValueKind != JsonValueKind.Null
            && !(modalities.ValueKind == JsonValueKind.Array && modalities.EnumerateArray().All(m => m.ValueKind == JsonValueKind.String && m.GetString() == "text")))
        {
            return Fail(ApiError.Unsupported("modalities", "This server answers with text only: leave modalities out or set it to [\"text\"]."));
        }

        if (!body.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(model.GetString()))
        {
            return Fail(ApiError.BadRequest("model", "Name a model in 'model' (a string); GET /v1/models lists them.", "missing_required_parameter"));
        }
        var (messages, messagesError) = ReadMessages(body);
        if (messagesError is not null)
        {
            return Fail(messagesError);
        }

        var stream = Flag(body, "stream");
        if (stream.Error is { } streamError)
        {
            return Fail(streamError);
        }
        var includeUsage = false;
        if (body.TryGetProperty("stream_options", out var streamOptions) && streamOptions.ValueKind != JsonValueKind.Null)
        {
            if (streamOptions.ValueKind != JsonValueKind.Object)
            {
                return Fail(ApiError.BadRequest("stream_options", "stream_options must be an object, such as {\"include_usage\": true}.", "invalid_type"));
            }
            var usage = Flag(streamOptions, "include_usage", "stream_options.include_usage");
            if (usage.Error is { } usageError)
            {
                return Fail(usageError);
            }
            includeUsage = usage.Value == true;
        }

        var options = new ChatOptions();
        ApiError? error;
        (options.Temperature, error) = Number(body, "temperature", 0, 2);
        if (error is not null)
        {
            return Fail(error);
        }
        (options.TopP, error) = Number(body, "top_p", 0, 1);
        if (error is not null)
        {
            return Fail(error);
        }
        (options.PresencePenalty, error) = Number(body, "presence_penalty", -2, 2);
        if (error is not null)
        {
            return Fail(error);
        }
        (options.FrequencyPenalty, error) = Number(body, "frequency_penalty", -2, 2);
        if (error is not null)
        {
            return Fail(error);
        }
        (var seed, error) = Integer(body, "seed", long.MinValue, long.MaxValue);
        if (error is not null)
        {
            return Fail(error);
        }
        options.Seed = seed;
        (var maxCompletionTokens, error) = Integer(body, "max_completion_tokens", 1, int.MaxValue);
        if (error is not null)
        {
            return Fail(error);
        }
        (var maxTokens, error) = Integer(body, "max_tokens", 1, int.MaxValue);
        if (error is not null)
        {
            return Fail(error);
        }
        (options.StopSequences, error) = Stop(body);
        if (error is not null)
        {
            return Fail(error);
        }

        return (new ChatCompletionRequest(model.GetString()!, messages!, stream.Value == true, includeUsage,
            (int?)(maxCompletionTokens ?? maxTokens), options), null);
    }

    private static (ChatCompletionRequest?, ApiError?) Fail(ApiError error) => (null, error);

    private static (List<ChatMessage>? Messages, ApiError? Error) ReadMessages(JsonElement body)
    {
        if (!body.TryGetProperty("messages", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return (null, ApiError.BadRequest("messages", "Send the conversation in 'messages', an array of {\"role\", \"content\"} objects.", "missing_required_parameter"));
        }
        if (array.GetArrayLength() == 0)
        {
            return (null, ApiError.BadRequest("messages", "'messages' is empty: send at least one message."));
        }
        var messages = new List<ChatMessage>(array.GetArrayLength());
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var at = $"messages[{i}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                return (null, ApiError.BadRequest(at, $"{at} must be an object with a role and a content.", "invalid_type"));
            }
            if (!item.TryGetProperty("role", out var roleValue) || roleValue.ValueKind != JsonValueKind.String)
            {
                return (null, ApiError.BadRequest($"{at}.role", $"{at} has no role: give one of system, developer, user or assistant.", "missing_required_parameter"));
            }
            var role = roleValue.GetString()!;
            if (role is "tool" or "function")
            {
                return (null, ApiError.Unsupported($"{at}.role", $"{at} has the role '{role}': tool and function results are not supported by this server."));
            }
            if (!Roles.Contains(role, StringComparer.Ordinal))
            {
                return (null, ApiError.BadRequest($"{at}.role", $"{at} has the role '{role}': use system, developer, user or assistant."));
            }
            foreach (var field in new[] { "tool_calls", "function_call", "audio" })
            {
                if (item.TryGetProperty(field, out var value) && !IsEmpty(value))
                {
                    return (null, ApiError.Unsupported($"{at}.{field}", $"{at}.{field}: tool calls and audio are not supported by this server."));
                }
            }
            var (text, error) = Content(item, at);
            if (error is not null)
            {
                return (null, error);
            }
            messages.Add(new ChatMessage(role switch
            {
                "user" => ChatRole.User,
                "assistant" => ChatRole.Assistant,
                _ => ChatRole.System, // OpenAI's newer name for system messages is "developer"
            }, text));
            i++;
        }
        return (messages, null);
    }

    /// <summary>A message's text: a string, or an array of text parts (joined); any other part is refused.</summary>
    private static (string? Text, ApiError? Error) Content(JsonElement message, string at)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            return (null, ApiError.BadRequest($"{at}.content", $"{at} has no content: send its text.", "missing_required_parameter"));
        }
        if (content.ValueKind == JsonValueKind.String)
        {
            return (content.GetString(), null);
        }
        if (content.ValueKind != JsonValueKind.Array)
        {
            return (null, ApiError.BadRequest($"{at}.content", $"{at}.content must be a string or an array of text parts.", "invalid_type"));
        }
        var text = new System.Text.StringBuilder();
        var j = 0;
        foreach (var part in content.EnumerateArray())
        {
            var partAt = $"{at}.content[{j}]";
            var type = part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (type != "text")
            {
                return (null, type is null
                    ? ApiError.BadRequest($"{partAt}.type", $"{partAt} must be an object with a type.", "invalid_type")
                    : ApiError.Unsupported($"{partAt}.type", $"{partAt} is of type '{type}': this server takes text parts only (no images, audio or files)."));
            }
            if (!part.TryGetProperty("text", out var partText) || partText.ValueKind != JsonValueKind.String)
            {
                return (null, ApiError.BadRequest($"{partAt}.text", $"{partAt} is a text part without a 'text' string.", "missing_required_parameter"));
            }
            text.Append(partText.GetString());
            j++;
        }
        return (text.ToString(), null);
    }

    private static (bool? Value, ApiError? Error) Flag(JsonElement body, string field, string? param = null) =>
        !body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null ? (null, null)
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? (value.GetBoolean(), null)
        : (null, ApiError.BadRequest(param ?? field, $"'{param ?? field}' must be true or false.", "invalid_type"));

    private static (float? Value, ApiError? Error) Number(JsonElement body, string field, double min, double max)
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || number < min || number > max)
        {
            return (null, ApiError.BadRequest(field, string.Create(CultureInfo.InvariantCulture, $"'{field}' must be a number from {min} to {max}.")));
        }
        return ((float)number, null);
    }

    private static (long? Value, ApiError? Error) Integer(JsonElement body, string field, long min, long max)
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number) || number < min || number > max)
        {
            return (null, ApiError.BadRequest(field, min == 1
                ? $"'{field}' must be a whole number of at least 1."
                : $"'{field}' must be a whole number."));
        }
        return (number, null);
    }

    /// <summary>OpenAI's <c>stop</c>: a string or up to four strings.</summary>
    private static (IList<string>? Value, ApiError? Error) Stop(JsonElement body)
    {
        if (!body.TryGetProperty("stop", out var stop) || stop.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }
        if (stop.ValueKind == JsonValueKind.String)
        {
            return ([stop.GetString()!], null);
        }
        if (stop.ValueKind == JsonValueKind.Array && stop.GetArrayLength() <= 4 && stop.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String))
        {
            return (stop.GetArrayLength() == 0 ? null : [.. stop.EnumerateArray().Select(s => s.GetString()!)], null);
        }
        return (null, ApiError.BadRequest("stop", "'stop' must be a string or an array of up to 4 strings."));
    }

    /// <summary>Null, false, an empty array or object: the field asks for nothing.</summary>
    private static bool IsEmpty(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.False or JsonValueKind.Undefined => true,
        JsonValueKind.Array => value.GetArrayLength() == 0,
        JsonValueKind.Object => !value.EnumerateObject().Any(),
        _ => false,
    };
}

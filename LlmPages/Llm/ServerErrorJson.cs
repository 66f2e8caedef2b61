using System.Text.Json;

namespace LlmPages.Llm;

/// <summary>
/// Reads the error a model server put in JSON, whether in an error response or inside a stream. One reader for
/// every shape we have met, so a status error and a mid-stream error say the same thing the same way:
/// <c>{"error":{"message":..,"type":..}}</c> (OpenAI, vLLM, OpenRouter; Anthropic adds <c>"type":"error"</c>),
/// <c>{"error":".."}</c> (Ollama), <c>{"object":"error","message":..}</c> (older vLLM).
/// </summary>
public static class ServerErrorJson
{
    /// <summary>The most of an error type or code kept for a log line.</summary>
    private const int MaxTypeChars = 40;

    /// <summary>True when <paramref name="root"/> is an error; its message and type or code when it gives them.</summary>
    /// <param name="named">
    /// Whatever holds the JSON already says it is an error (an SSE <c>event: error</c>, llama.cpp's <c>error:</c>
    /// field): then a plain <c>{"message":..}</c> is one too.
    /// </param>
    public static bool TryRead(JsonElement root, out string? message, out string? type, bool named = false)
    {
        message = null;
        type = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return false;
        }
        if (root.TryGetProperty("error", out var error))
        {
            switch (error.ValueKind)
            {
                case JsonValueKind.String:
                    message = error.GetString();
                    return true;
                case JsonValueKind.Object:
                    message = String(error, "message");
                    type = Type(String(error, "type") ?? Code(error));
                    return true;
            }
        }
        if (named || String(root, "type") == "error" || String(root, "object") == "error")
        {
            message = String(root, "message");
            type = Type(String(root, "type") is { } t && t != "error" ? t : Code(root));
            return true;
        }
        return false;
    }

    private static string? String(JsonElement item, string property) =>
        item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Code(JsonElement item) =>
        item.TryGetProperty("code", out var code) && code.ValueKind is JsonValueKind.String or JsonValueKind.Number ? code.ToString() : null;

    /// <summary>A type or code is logged: keep it a short word, never free text from the server.</summary>
    private static string? Type(string? value) =>
        value is { Length: > 0 and <= MaxTypeChars } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') ? value : null;
}

using System.Text;
using System.Text.Json;
using LlmPages.Data.Entities;

namespace LlmPages.Transfers;

/// <summary>
/// One conversation of ChatGPT's <c>conversations.json</c> as one of our chats. Its <c>mapping</c> is a tree of nodes
/// (<c>id</c>, <c>parent</c>, <c>children</c>, <c>message</c>); <c>current_node</c> is the branch shown. The person's
/// and the model's text messages are kept with their times and <c>metadata.model_slug</c>, under the nearest kept
/// ancestor; everything else is left out and its children move up: the empty root, hidden messages, tool calls and
/// tool output, and content that is not text. The first visible system message becomes the chat's system prompt.
/// A node whose parent is not in the mapping, or a loop, refuses the file.
/// </summary>
public static class ChatGptConversation
{
    public static ArchivedChat Read(JsonElement conversation, int number)
    {
        var title = Text(conversation, "title") is { Length: > 0 } t ? t : "Imported chat";
        if (conversation.ValueKind != JsonValueKind.Object
            || !conversation.TryGetProperty("mapping", out var mapping) || mapping.ValueKind != JsonValueKind.Object)
        {
            throw Refused(number, Text(conversation, "title"), "has no \"mapping\" of messages, so it is not a ChatGPT conversation");
        }
        var created = Time(conversation, "create_time") ?? DateTime.UtcNow;
        var updated = Time(conversation, "update_time") ?? created;

        var nodes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var node in mapping.EnumerateObject())
        {
            if (node.Value.ValueKind != JsonValueKind.Object)
            {
                throw Refused(number, title, $"has a node \"{node.Name}\" that is not an object");
            }
            nodes[Text(node.Value, "id") ?? node.Name] = node.Value;
        }
        string? ParentOf(string id) => Text(nodes[id], "parent");
        foreach (var id in nodes.Keys)
        {
            if (ParentOf(id) is { } parent && !nodes.ContainsKey(parent))
            {
                throw Refused(number, title, $"has a message whose parent \"{parent}\" is not in the file");
            }
        }

        // Each node's depth, so parents come before children; a loop never reaches a root.
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        int DepthOf(string id)
        {
            var path = new List<string>();
            var current = id;
            while (!depth.ContainsKey(current))
            {
                path.Add(current);
                if (path.Count > nodes.Count)
                {
                    throw Refused(number, title, "has messages whose parents form a loop");
                }
                if (ParentOf(current) is not { } parent)
                {
                    depth[current] = 0;
                    path.RemoveAt(path.Count - 1);
                    break;
                }
                current = parent;
            }
            for (var i = path.Count - 1; i >= 0; i--)
            {
                depth[path[i]] = depth[ParentOf(path[i])!] + 1;
            }
            return depth[id];
        }

        string? systemPrompt = null;
        var kept = new Dictionary<string, Guid>(StringComparer.Ordinal);    // node id -> message id, for kept nodes
        var nearest = new Dictionary<string, Guid?>(StringComparer.Ordinal); // node id -> nearest kept self or ancestor
        var times = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        var messages = new List<ArchivedMessage>();
        foreach (var id in nodes.Keys.OrderBy(DepthOf).ThenBy(id => Time(Message(nodes[id]), "create_time") ?? DateTime.MinValue))
        {
            var parent = ParentOf(id);
            var parentTime = parent is null ? created : times[parent];
            var message = Message(nodes[id]);
            times[id] = Time(message, "create_time") ?? parentTime;
            var inherited = parent is null ? null : nearest[parent];
            nearest[id] = inherited;
            var (role, text) = Visible(message);
            if (role == MessageRole.System)
            {
                systemPrompt ??= text;
            }
            else if (role is { } kind && text is not null)
            {
                var newId = Guid.CreateVersion7();
                kept[id] = newId;
                nearest[id] = newId;
                var model = kind == MessageRole.Assistant && message.TryGetProperty("metadata", out var metadata)
                    && metadata.ValueKind == JsonValueKind.Object ? Text(metadata, "model_slug") : null;
                messages.Add(new ArchivedMessage(
                    newId, inherited, kind, text, MessageStatus.Complete, null, model, null, null, times[id], kind == MessageRole.Assistant ? times[id] : null));
            }
        }

        Guid? leaf = null;
        if (Text(conversation, "current_node") is { } current)
        {
            leaf = nearest.TryGetValue(current, out var shown) ? shown
                : throw Refused(number, title, $"shows the message \"{current}\", which is not in the file");
        }
        var chatModel = Text(conversation, "default_model_slug")
            ?? messages.LastOrDefault(m => m.Role == MessageRole.Assistant && m.Model is not null)?.Model;
        return new ArchivedChat(Guid.CreateVersion7(), title, chatModel, systemPrompt, null, null, created, updated, leaf, messages);
    }

    /// <summary>The role and text of a message people read; no role for anything else (hidden, tool, not text, empty).</summary>
    private static (MessageRole? Role, string? Text) Visible(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object
            || !message.TryGetProperty("author", out var author) || author.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }
        if (message.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("is_visually_hidden_from_conversation", out var hidden) && hidden.ValueKind == JsonValueKind.True)
        {
            return (null, null);
        }
        // A message addressed to a tool (a search, code to run) is not part of the conversation people read.
        if (Text(message, "recipient") is { } recipient && recipient != "all")
        {
            return (null, null);
        }
        MessageRole? role = Text(author, "role") switch
        {
            "user" => MessageRole.User,
            "assistant" => MessageRole.Assistant,
            "system" => MessageRole.System,
            _ => null, // "tool" and anything newer
        };
        if (role is null || !message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Object
            || Text(content, "content_type") is not ("text" or "multimodal_text")
            || !content.TryGetProperty("parts", out var parts) || parts.ValueKind != JsonValueKind.Array)
        {
            return (null, null);
        }
        var text = new StringBuilder();
        foreach (var part in parts.EnumerateArray())
        {
            var piece = part.ValueKind == JsonValueKind.String ? part.GetString() : "[An attachment that was not imported]";
            if (!string.IsNullOrEmpty(piece))
            {
                text.Append(text.Length > 0 ? "\n\n" : "").Append(piece);
            }
        }
        return string.IsNullOrWhiteSpace(text.ToString()) ? (null, null) : (role, text.ToString());
    }

    private static JsonElement Message(JsonElement node) =>
        node.TryGetProperty("message", out var message) ? message : default;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;

    /// <summary>ChatGPT's times are seconds since 1970 (UTC) with a fraction.</summary>
    private static DateTime? Time(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds) && seconds is > 0 and < 32_503_680_000
            ? DateTime.UnixEpoch.AddTicks((long)Math.Round(seconds * 1_000_000) * 10) : null;

    private static ImportRefusedException Refused(int number, string? title, string problem) =>
        new($"Conversation {number}{(title is null ? "" : $" (“{title}”)")} of the file {problem}. {ImportRefusedException.NothingImported} " +
            "The file may be damaged: download the export again and import the new conversations.json.");
}

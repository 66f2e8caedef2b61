using System.Text.Json.Nodes;

namespace LlmPages.Tests.Transfers;

/// <summary>
/// Builds a <c>conversations.json</c> in the shape of ChatGPT's data export: an array of conversations, each with
/// <c>title</c>, <c>create_time</c>/<c>update_time</c> (seconds since 1970 with a fraction), a <c>mapping</c> of nodes
/// (<c>id</c>, <c>message</c>, <c>parent</c>, <c>children</c>) whose messages have <c>author.role</c>,
/// <c>content.content_type</c> and <c>parts</c>, <c>create_time</c>, <c>recipient</c> and <c>metadata.model_slug</c>,
/// and <c>current_node</c>. Nodes are added parent first; each fills in its parent's children.
/// </summary>
public sealed class ChatGptExport
{
    private readonly JsonArray conversations = [];

    public const double Start = 1_717_243_200.123456; // 2024-06-01 12:00:00.123456 UTC

    public static DateTime Time(double seconds) => DateTime.UnixEpoch.AddTicks((long)Math.Round(seconds * 1_000_000) * 10);

    public Conversation Add(string title, double createTime = Start, double? updateTime = null, string? defaultModel = null)
    {
        var conversation = new Conversation(title, createTime, updateTime ?? createTime + 3600, defaultModel);
        conversations.Add(conversation.Json);
        return conversation;
    }

    public override string ToString() => conversations.ToJsonString();

    public sealed class Conversation
    {
        private readonly JsonObject mapping = [];

        internal Conversation(string title, double createTime, double updateTime, string? defaultModel)
        {
            Json = new JsonObject
            {
                ["title"] = title,
                ["create_time"] = createTime,
                ["update_time"] = updateTime,
                ["mapping"] = mapping,
                ["moderation_results"] = new JsonArray(),
                ["current_node"] = null,
                ["plugin_ids"] = null,
                ["conversation_id"] = Guid.NewGuid().ToString(),
                ["conversation_template_id"] = null,
                ["gizmo_id"] = null,
                ["is_archived"] = false,
                ["safe_urls"] = new JsonArray(),
                ["default_model_slug"] = defaultModel,
                ["id"] = Guid.NewGuid().ToString(),
            };
            Json["current_node"] = Node("client-created-root", null, null);
        }

        public JsonObject Json { get; }

        public string CurrentNode { set => Json["current_node"] = value; }

        /// <summary>A node with a message; returns its id.</summary>
        public string Message(string? parent, string role, string text, double createTime, string? model = null,
            string contentType = "text", string recipient = "all", bool hidden = false, JsonNode?[]? parts = null)
        {
            var metadata = new JsonObject { ["request_id"] = "8a1b2c3d4e5f6789-LHR", ["timestamp_"] = "absolute" };
            if (model is not null)
            {
                metadata["model_slug"] = model;
                metadata["default_model_slug"] = model;
                metadata["finish_details"] = new JsonObject { ["type"] = "stop", ["stop_tokens"] = new JsonArray(200002) };
            }
            if (hidden)
            {
                metadata["is_visually_hidden_from_conversation"] = true;
            }
            var content = contentType == "code"
                ? new JsonObject { ["content_type"] = "code", ["language"] = "unknown", ["text"] = text }
                : new JsonObject { ["content_type"] = contentType, ["parts"] = new JsonArray(parts ?? [JsonValue.Create(text)]) };
            var message = new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(),
                ["author"] = new JsonObject { ["role"] = role, ["name"] = role == "tool" ? "browser" : null, ["metadata"] = new JsonObject() },
                ["create_time"] = createTime,
                ["update_time"] = null,
                ["content"] = content,
                ["status"] = "finished_successfully",
                ["end_turn"] = role == "assistant" ? true : null,
                ["weight"] = 1.0,
                ["metadata"] = metadata,
                ["recipient"] = recipient,
                ["channel"] = null,
            };
            return Node(message["id"]!.GetValue<string>(), parent, message);
        }

        /// <summary>A node as ChatGPT writes it; its parent's children name it.</summary>
        public string Node(string id, string? parent, JsonObject? message)
        {
            mapping[id] = new JsonObject { ["id"] = id, ["message"] = message, ["parent"] = parent, ["children"] = new JsonArray() };
            if (parent is not null && mapping[parent] is JsonObject parentNode)
            {
                parentNode["children"]!.AsArray().Add(id);
            }
            return id;
        }
    }
}

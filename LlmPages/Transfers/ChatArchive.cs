using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmPages.Transfers;

/// <summary>
/// Our own export format, for one chat or all of a person's: a JSON object
/// <c>{"format": "llmpages-chats", "version": 1, "exportedAt": "...", "chats": [ ... ]}</c> with <c>format</c> and
/// <c>version</c> written first, so a reader knows what it reads before the chats. Each chat carries every message of
/// every branch with its id and its parent's id, so the tree survives a round trip; <c>activeLeafId</c> is the branch
/// shown. Times are UTC (ISO 8601); roles and statuses are lower-case names; <c>model</c> is the model's display name.
/// A change that older readers would misread raises <see cref="Version"/>; readers refuse versions they do not know.
/// </summary>
public static class ChatArchive
{
    public const string Format = "llmpages-chats";

    public const int Version = 1;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // A missing or null title, role or content is a damaged file, not an empty chat.
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };
}

/// <summary>One chat of a <see cref="ChatArchive"/>.</summary>
public sealed record ArchivedChat(
    Guid Id,
    string Title,
    string? Model,
    string? SystemPrompt,
    double? Temperature,
    int? MaxTokens,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    Guid? ActiveLeafId,
    IReadOnlyList<ArchivedMessage> Messages);

/// <summary>One message of an <see cref="ArchivedChat"/>, in any branch.</summary>
public sealed record ArchivedMessage(
    Guid Id,
    Guid? ParentId,
    Data.Entities.MessageRole Role,
    string Content,
    Data.Entities.MessageStatus Status,
    string? Error,
    string? Model,
    int? PromptTokens,
    int? CompletionTokens,
    DateTime CreatedAt,
    DateTime? CompletedAt);

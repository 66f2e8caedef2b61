using LlmPages.Data.Entities;

namespace LlmPages.Chat.Conversations;

/// <summary>One message of the branch shown, ready for the page: its text or rendered reply, figures and versions.</summary>
public sealed record ThreadMessage(
    Guid Id,
    Guid ConversationId,
    MessageRole Role,
    string Content,
    string? Html,
    MessageStatus Status,
    string? Error,
    string? ModelName,
    int? PromptTokens,
    int? CompletionTokens,
    int? TimeToFirstTokenMs,
    int? DurationMs,
    double? TokensPerSecond,
    int ContextMessagesOmitted,
    DateTime CreatedAt,
    Versions Versions)
{
    /// <summary>The last message of the branch shown: the reply that can be regenerated.</summary>
    public bool IsLast { get; init; }

    /// <summary>While the reply is being written: the number of the last event in <see cref="Content"/>.</summary>
    public int? LiveEventId { get; init; }

    /// <summary>
    /// A reply whose events follow in the answer that carries it (the one-round-trip send): its article opens no
    /// event stream of its own.
    /// </summary>
    public bool FollowedByAnswer { get; init; }

    public bool IsStreaming => Status == MessageStatus.Streaming;

    /// <summary>
    /// How a finished reply ended, for the status region (#chat-status) of an answer that draws it finished: as
    /// <c>&lt;span data-announce&gt;</c>, which app.js turns into the region's text in a later task, so a screen reader
    /// hears it as new even when it repeats the last announcement.
    /// </summary>
    public string EndAnnouncement => Status switch
    {
        MessageStatus.Complete => "The reply is complete.",
        MessageStatus.Stopped => "The reply was stopped.",
        MessageStatus.Failed => $"The reply failed: {Error}",
        MessageStatus.Truncated => "The reply was cut short at the longest reply this app keeps.",
        _ => "The reply was interrupted.",
    };

    public string DomId => $"m-{Id:N}";

    /// <summary>The element a reply's text is appended to while it is written.</summary>
    public string RawDomId => $"m-{Id:N}-raw";

    /// <summary>The last reply's Regenerate (or Retry) form, which goes when a turn follows it.</summary>
    public static string RegenerateDomId(Guid id) => $"m-{id:N}-regenerate";
}

/// <summary>A message's place among its versions (siblings): "2 of 3", and the versions either side.</summary>
public sealed record Versions(int Number, int Count, Guid? Previous, Guid? Next)
{
    public static readonly Versions Single = new(1, 1, null, null);
}

/// <summary>
/// A turn as htmx receives it: the person's message, the reply being written, and the id of the message before them
/// (the branch's last reply until now, whose Regenerate form goes).
/// </summary>
public sealed record TurnView(ThreadMessage Question, ThreadMessage? Reply, Guid? FollowsId);

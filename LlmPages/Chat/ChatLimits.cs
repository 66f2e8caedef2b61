using System.ComponentModel.DataAnnotations;

namespace LlmPages.Chat;

/// <summary>Limits and pacing of chat, bound from <c>LlmPages:Chat</c>.</summary>
public sealed class ChatLimits
{
    public const string Section = "LlmPages:Chat";

    /// <summary>The longest message a person may send, in characters.</summary>
    [Range(1, 1_000_000, ErrorMessage = "MaxMessageLength must be between 1 and 1,000,000 characters.")]
    public int MaxMessageLength { get; set; } = 32_000;

    /// <summary>
    /// The longest reply kept, in characters. A model that ignores its token limit could otherwise stream megabytes
    /// into memory and the database; a reply that reaches this ends there, kept and marked as cut. The default is
    /// well beyond the longest replies models write today (about 128,000 tokens, some 500,000 characters).
    /// </summary>
    [Range(1_000, 50_000_000, ErrorMessage = "MaxReplyLength must be between 1,000 and 50,000,000 characters.")]
    public int MaxReplyLength { get; set; } = 1_000_000;

    /// <summary>How many replies one person may have being written at once, across all their chats.</summary>
    [Range(1, 100_000, ErrorMessage = "MaxConcurrentGenerationsPerUser must be between 1 and 100,000.")]
    public int MaxConcurrentGenerationsPerUser { get; set; } = 3;

    /// <summary>
    /// How many calls to the OpenAI-compatible API one person may have running at once, across all their keys. Apart
    /// from <see cref="MaxConcurrentGenerationsPerUser"/>: scripts and agents rightly make calls in parallel, but one of
    /// them must not hold every connection to the model servers. Counted on each instance.
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "MaxConcurrentApiCallsPerUser must be between 1 and 100,000.")]
    public int MaxConcurrentApiCallsPerUser { get; set; } = 16;

    /// <summary>How often partial replies are saved while they stream.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00", ErrorMessage = "FlushInterval must be between 50 ms and 1 minute.")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often an idle event stream sends a comment, so proxies keep it open.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00", ErrorMessage = "HeartbeatInterval must be between 50 ms and 10 minutes.")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often a streamed reply re-checks its reader's session, ending the stream once it is revoked.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00", ErrorMessage = "SessionCheckInterval must be between 50 ms and 10 minutes.")]
    public TimeSpan SessionCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long shutting down waits for streaming replies to be saved as interrupted.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00", ErrorMessage = "ShutdownGrace must be between 0 and 5 minutes.")]
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many of a conversation's newest messages a chat page shows; the rest are one link away. Keeps pages of
    /// very long chats small for slow browsers and screen readers.
    /// </summary>
    [Range(2, 100_000, ErrorMessage = "MessagesShown must be between 2 and 100,000.")]
    public int MessagesShown { get; set; } = 100;

    /// <summary>Conversations per page of the list.</summary>
    [Range(5, 200, ErrorMessage = "ConversationsPerPage must be between 5 and 200.")]
    public int ConversationsPerPage { get; set; } = 30;

    /// <summary>Chats per page of the history (/history).</summary>
    [Range(5, 200, ErrorMessage = "HistoryPerPage must be between 5 and 200.")]
    public int HistoryPerPage { get; set; } = 25;
}

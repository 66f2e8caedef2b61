namespace LlmPages.Data.Entities;

/// <summary>Where a <see cref="Message"/> is in its life. Stored as its name.</summary>
public enum MessageStatus
{
    /// <summary>Written in full (every user message; a reply that finished).</summary>
    Complete,

    /// <summary>A reply still being generated; its content is flushed as it grows.</summary>
    Streaming,

    /// <summary>The user stopped the reply; the partial content is kept.</summary>
    Stopped,

    /// <summary>The provider failed; <see cref="Message.Error"/> says why in plain language.</summary>
    Failed,

    /// <summary>The app stopped while the reply was streaming; set at the next start-up.</summary>
    Interrupted,

    /// <summary>The reply reached the longest reply allowed (<c>LlmPages:Chat:MaxReplyLength</c>) and was cut there; the text up to it is kept.</summary>
    Truncated,
}

namespace LlmPages.Data.Entities;

/// <summary>
/// One export of all a person's chats, or one import of a file, done by a background job: the row is what the
/// person's progress page reads, and it owns the file the job writes (an export) or reads (an uploaded import).
/// Both expire (<see cref="ExpiresAt"/>): a recurring job deletes the row and its file.
/// </summary>
public class ChatTransfer
{
    /// <summary>The key: a GUID so ids in URLs cannot be guessed.</summary>
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The owner; only they see it, and deleting them deletes it.</summary>
    public required string OwnerId { get; set; }

    /// <summary>The owner.</summary>
    public AppUser Owner { get; set; } = null!;

    /// <summary>An export or an import.</summary>
    public ChatTransferKind Kind { get; set; }

    /// <summary>Where the job is.</summary>
    public ChatTransferStatus Status { get; set; } = ChatTransferStatus.Waiting;

    /// <summary>The file's name as the person sees it: the name of the upload, or the name the export downloads as.</summary>
    public required string FileName { get; set; }

    /// <summary>How many chats there are to do; null until the job has counted them.</summary>
    public int? Total { get; set; }

    /// <summary>How many chats are done.</summary>
    public int Done { get; set; }

    /// <summary>Why it failed, in plain words for the person.</summary>
    public string? Error { get; set; }

    /// <summary>An import of exactly one chat: that chat, to link to.</summary>
    public Guid? ConversationId { get; set; }

    /// <summary>When it was asked for (UTC).</summary>
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    /// <summary>When the job finished, whatever the outcome (UTC).</summary>
    public DateTime? CompletedAt { get; set; }

    /// <summary>When the row and its file are deleted (UTC).</summary>
    public DateTime ExpiresAt { get; set; }
}

/// <summary>What a <see cref="ChatTransfer"/> does. Stored as its name.</summary>
public enum ChatTransferKind
{
    Export,
    Import,
}

/// <summary>Where a <see cref="ChatTransfer"/> is. Stored as its name.</summary>
public enum ChatTransferStatus
{
    /// <summary>Queued for the job server.</summary>
    Waiting,

    /// <summary>The job is working on it.</summary>
    Running,

    /// <summary>Finished: an export ready to download, or an import whose chats are saved.</summary>
    Done,

    /// <summary>Nothing came of it; <see cref="ChatTransfer.Error"/> says why.</summary>
    Failed,
}

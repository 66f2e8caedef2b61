namespace LlmPages.Data.Entities;

/// <summary>
/// Tokens held back for a reply being written by someone with a monthly quota, from the send that started it until its
/// <see cref="UsageLog"/> row is saved (which deletes this row in the same transaction). Sends count these beside the
/// month's usage, so several sends at once cannot all pass a check that none of them has yet spent against
/// (<see cref="Chat.Conversations.TokenQuota"/>). A row left by a crash stops counting after a while.
/// </summary>
public class QuotaReservation
{
    /// <summary>The reply's message id, which the finished reply's save deletes by.</summary>
    public Guid Id { get; set; }

    /// <summary>Whose quota it counts against.</summary>
    public required string UserId { get; set; }

    /// <summary>The tokens held: the estimated prompt of the reply.</summary>
    public int Tokens { get; set; }

    /// <summary>When the send reserved them (UTC).</summary>
    public DateTime CreatedAt { get; set; }
}

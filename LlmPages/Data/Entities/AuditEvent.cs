namespace LlmPages.Data.Entities;

/// <summary>
/// A record of a security-relevant or admin action: who did what to which thing. Ids are plain columns so
/// the record survives the deletion of the actor or the target.
/// </summary>
public class AuditEvent
{
    /// <summary>The key.</summary>
    public long Id { get; set; }

    /// <summary>When it happened (UTC).</summary>
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    /// <summary>The user who acted; null for the system (e.g. a start-up seed).</summary>
    public string? ActorId { get; set; }

    /// <summary>What was done, e.g. <c>user.deactivate</c> or <c>provider.update</c>.</summary>
    public required string Action { get; set; }

    /// <summary>The kind of thing acted on, e.g. <c>AppUser</c>.</summary>
    public required string TargetType { get; set; }

    /// <summary>The id of the thing acted on.</summary>
    public string? TargetId { get; set; }

    /// <summary>Extra detail (never secrets or message content).</summary>
    public string? Details { get; set; }

    /// <summary>The actor's IP address.</summary>
    public string? IpAddress { get; set; }
}

namespace LlmPages.Data.Entities;

/// <summary>
/// One running instance of the app, renewed while it lives (<see cref="Instances.InstanceLeases"/>). Replies record the
/// instance that writes them (<see cref="Message.InstanceId"/>): a reply still streaming whose instance has no lease
/// that is still valid has lost its writer, and any instance marks it interrupted with its saved partial text.
/// </summary>
public class InstanceLease
{
    /// <summary>The instance's id, new at every start of a process (<see cref="Instances.InstanceIdentity"/>).</summary>
    public Guid Id { get; set; }

    /// <summary>When the instance started (UTC).</summary>
    public DateTime StartedAt { get; set; }

    /// <summary>Until when the instance counts as alive (UTC), unless it renews the lease before then.</summary>
    public DateTime ExpiresAt { get; set; }
}

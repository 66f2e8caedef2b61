namespace LlmPages.Data.Entities;

/// <summary>
/// An API call running on some instance, from the check of its request to the end of its answer, so the cap on a
/// person's running calls holds across instances on PostgreSQL (<see cref="Api.ApiCallLimit"/>). Only rows whose
/// instance holds a valid lease count: a dead instance's calls stop counting when its lease expires, and are deleted on
/// the next lease renewal. SQLite (one instance) counts in memory and leaves this table empty.
/// </summary>
public class RunningApiCall
{
    public Guid Id { get; set; }

    public required string UserId { get; set; }

    /// <summary>The instance running it (<see cref="Instances.InstanceIdentity"/>).</summary>
    public Guid InstanceId { get; set; }

    /// <summary>When the call started (UTC).</summary>
    public DateTime StartedAt { get; set; }
}

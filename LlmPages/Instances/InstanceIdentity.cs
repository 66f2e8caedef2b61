namespace LlmPages.Instances;

/// <summary>
/// This process's id among the instances sharing a database: new at every start, so a restarted instance never takes
/// over the replies its previous run left streaming (those are recovered as interrupted).
/// </summary>
public sealed class InstanceIdentity
{
    public Guid Id { get; } = Guid.CreateVersion7();
}

namespace LlmPages.Tests.Chat;

/// <summary>
/// Tests that assert how long rendering takes run on their own, so that other test classes competing for the
/// CPU cannot make them flaky.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimedRendering
{
    public const string Name = "Timed rendering";
}

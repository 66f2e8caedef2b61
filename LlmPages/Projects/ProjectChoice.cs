namespace LlmPages.Projects;

/// <summary>One of a person's projects, as a list to choose from shows it.</summary>
public sealed record ProjectChoice(Guid Id, string Name);

namespace LlmPages.Data.Entities;

/// <summary>
/// A setting an admin changes in the app (not in configuration), by name, so that it holds across restarts and for
/// every instance sharing the database. Configuration gives each one its default until an admin sets it.
/// </summary>
public class ServerSetting
{
    /// <summary>The setting's name, for example <c>RegistrationMode</c>.</summary>
    public required string Name { get; set; }

    public required string Value { get; set; }

    /// <summary>When an admin last set it (UTC).</summary>
    public DateTime UpdatedAt { get; set; }
}

using LlmPages.Data;

namespace LlmPages.Api;

/// <summary>
/// Whether the API takes keys at all: an admin's choice (a server setting, so it holds across restarts and instances),
/// on until an admin turns it off. Off, every key is refused; the keys themselves are kept.
/// </summary>
public sealed class ApiAccessSettings(ServerSettingValues settings)
{
    public const string SettingName = "ApiAccess";

    public async Task<bool> IsOnAsync(CancellationToken cancellationToken) =>
        await settings.GetAsync(SettingName, cancellationToken) != Off;

    public Task SetAsync(bool on, CancellationToken cancellationToken) => settings.SetAsync(SettingName, on ? On : Off, cancellationToken);

    private const string On = "On";

    /// <summary>The stored value for off; the API key check reads it in its own query (<see cref="ApiKeys"/>).</summary>
    internal const string Off = "Off";
}

using LlmPages.Data;
using Microsoft.Extensions.Options;

namespace LlmPages.Accounts;

/// <summary>
/// The registration mode in force: the one an admin chose (a <see cref="Data.Entities.ServerSetting"/>, so it holds across restarts
/// and for every instance on the database), else configuration's (<see cref="AccountsOptions.DefaultRegistration"/>).
/// Read from the database each time it is needed (the register page, a registration): one query by primary key.
/// </summary>
public sealed class RegistrationSettings(ServerSettingValues settings, IOptions<AccountsOptions> options)
{
    public const string SettingName = "RegistrationMode";

    public async Task<RegistrationMode> ModeAsync(CancellationToken cancellationToken)
    {
        var stored = await settings.GetAsync(SettingName, cancellationToken);
        return Enum.TryParse<RegistrationMode>(stored, out var mode) && Enum.IsDefined(mode) ? mode : options.Value.DefaultRegistration;
    }

    /// <summary>Stores the admin's choice.</summary>
    public Task SetModeAsync(RegistrationMode mode, CancellationToken cancellationToken) =>
        settings.SetAsync(SettingName, mode.ToString(), cancellationToken);
}

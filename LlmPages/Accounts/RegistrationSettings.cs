using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LlmPages.Accounts;

/// <summary>
/// The registration mode in force: the one an admin chose (a <see cref="ServerSetting"/>, so it holds across restarts
/// and for every instance on the database), else configuration's (<see cref="AccountsOptions.DefaultRegistration"/>).
/// Read from the database each time it is needed (the register page, a registration): one query by primary key.
/// </summary>
public sealed class RegistrationSettings(AppDbContext db, IOptions<AccountsOptions> options, TimeProvider clock)
{
    public const string SettingName = "RegistrationMode";

    public async Task<RegistrationMode> ModeAsync(CancellationToken cancellationToken)
    {
        var stored = await db.ServerSettings.AsNoTracking()
            .Where(s => s.Name == SettingName).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken);
        return Enum.TryParse<RegistrationMode>(stored, out var mode) && Enum.IsDefined(mode) ? mode : options.Value.DefaultRegistration;
    }

    /// <summary>Stores the admin's choice (an upsert that two admins saving at once cannot turn into a duplicate-key error).</summary>
    public async Task SetModeAsync(RegistrationMode mode, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var value = mode.ToString();
        if (await db.ServerSettings.Where(s => s.Name == SettingName)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Value, value).SetProperty(x => x.UpdatedAt, now), cancellationToken) == 1)
        {
            return;
        }
        try
        {
            db.ServerSettings.Add(new ServerSetting { Name = SettingName, Value = value, UpdatedAt = now });
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another admin inserted it first: this choice, made later, is the one that stays.
            db.ChangeTracker.Clear();
            await db.ServerSettings.Where(s => s.Name == SettingName)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Value, value).SetProperty(x => x.UpdatedAt, now), cancellationToken);
        }
    }
}

using LlmPages.Admin.Audit;
using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Api.Keys;

/// <summary>
/// Whether a person may use the API, as the key pages say it, and the admin's two switches (for one person, for everyone),
/// each audited. Off, keys are refused at once (<see cref="ApiKeys.AuthenticateAsync"/> reads both on every request) and
/// no new key can be made; the keys themselves are kept, so turning access on again brings them back.
/// </summary>
public sealed partial class ApiKeyAccess(AppDbContext db, ApiAccessSettings settings, AuditLog audit, ILogger<ApiKeyAccess> logger)
{
    public enum State { On, OffForPerson, OffForEveryone }

    public async Task<State> StateAsync(string userId, CancellationToken cancellationToken) =>
        !await settings.IsOnAsync(cancellationToken) ? State.OffForEveryone
        : await db.Users.AnyAsync(u => u.Id == userId && u.ApiAccessDisabled, cancellationToken) ? State.OffForPerson
        : State.On;

    /// <summary>The plain words for a person whose access is off.</summary>
    public static string Explain(State state) => state switch
    {
        State.OffForEveryone => "An administrator has turned API access off for everyone: keys are refused and new ones cannot be made.",
        State.OffForPerson => "An administrator has turned API access off for your account: your keys are refused and new ones cannot be made.",
        _ => "",
    };

    public Task<bool> IsOnForEveryoneAsync(CancellationToken cancellationToken) => settings.IsOnAsync(cancellationToken);

    /// <summary>Turns the API on or off for everyone (each person's own switch still applies when it is on).</summary>
    public async Task SetForEveryoneAsync(bool on, CancellationToken cancellationToken)
    {
        await settings.SetAsync(on, cancellationToken);
        LogEveryone(logger, on);
        await audit.RecordAsync("api-access.set", ApiAccessSettings.SettingName, null, on ? "api-access=on" : "api-access=off", cancellationToken: cancellationToken);
    }

    /// <summary>Turns one person's API access on or off; false when there is no such person.</summary>
    public async Task<bool> SetForPersonAsync(string userId, bool on, CancellationToken cancellationToken)
    {
        var changed = await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.ApiAccessDisabled, !on)
            .SetProperty(u => u.ConcurrencyStamp, Guid.NewGuid().ToString()), cancellationToken);
        if (changed != 1)
        {
            return false;
        }
        LogPerson(logger, userId, on);
        await audit.RecordAsync("user.set-api-access", nameof(AppUser), userId, on ? "api-access=on" : "api-access=off", cancellationToken: cancellationToken);
        return true;
    }

    [LoggerMessage(EventId = 1653, Level = LogLevel.Information, Message = "An admin turned API access on for everyone: {On}")]
    private static partial void LogEveryone(ILogger logger, bool on);

    [LoggerMessage(EventId = 1654, Level = LogLevel.Information, Message = "An admin turned API access on for person {UserId}: {On}")]
    private static partial void LogPerson(ILogger logger, string userId, bool on);
}

using System.Globalization;
using LlmPages.Admin.Audit;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace LlmPages.Api.Keys;

/// <summary>
/// What the key pages do to keys, each with its audit row: create (refused while API access is off for the person or for
/// everyone) and revoke (by the owner, or by an admin). Audit rows and logs name a key by its id, name and prefix only:
/// the full key exists only in the answer to the request that made it.
/// </summary>
public sealed partial class ApiKeyChanges(ApiKeys keys, ApiKeyAccess access, AuditLog audit, AppTimeZone zone, TimeProvider clock, ILogger<ApiKeyChanges> logger)
{
    /// <summary>The furthest last day a key may have, from today: a key that must last longer is made again then.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(366);

    /// <summary>
    /// Makes a key for <paramref name="userId"/>, or adds the reasons not to to <paramref name="modelState"/> (fields under
    /// <paramref name="prefix"/>) and returns null. The full key is in the result, once.
    /// </summary>
    public async Task<(ApiKey Key, string FullKey)?> CreateAsync(string userId, ApiKeyInput input, string prefix, ModelStateDictionary modelState, CancellationToken cancellationToken)
    {
        if (await access.StateAsync(userId, cancellationToken) is var state and not ApiKeyAccess.State.On)
        {
            modelState.Clear(); // the form is not offered, so its fields' errors would only confuse
            modelState.AddModelError("", ApiKeyAccess.Explain(state) + " No key was made.");
            return null;
        }
        var expiresAt = ExpiresAt(input.ExpiresOn, $"{prefix}.{nameof(input.ExpiresOn)}", modelState);
        if (!modelState.IsValid)
        {
            return null;
        }
        var (key, full) = await keys.CreateAsync(userId, input.Name, expiresAt, cancellationToken);
        LogCreated(logger, key.Id, key.Prefix, userId);
        await audit.RecordAsync("api-key.create", nameof(ApiKey), key.Id.ToString(), Describe(key), cancellationToken: cancellationToken);
        return (key, full);
    }

    /// <summary>Revokes <paramref name="key"/> (found by the caller for its owner, or by an admin); false when it was revoked already.</summary>
    public async Task<bool> RevokeAsync(ApiKey key, bool byAdmin, CancellationToken cancellationToken)
    {
        if (!await keys.RevokeAsync(key.Id, byAdmin ? null : key.UserId, cancellationToken))
        {
            return false;
        }
        LogRevoked(logger, key.Id, key.Prefix, byAdmin);
        await audit.RecordAsync("api-key.revoke", nameof(ApiKey), key.Id.ToString(),
            Describe(key) + (byAdmin ? $" owner={key.UserId}" : ""), cancellationToken: cancellationToken);
        return true;
    }

    /// <summary>Today in the app's time zone: the first day a key may be given as its last.</summary>
    public DateOnly Today => DateOnly.FromDateTime(zone.ToLocal(clock.GetUtcNow().UtcDateTime));

    /// <summary>The latest last day a key may have.</summary>
    public DateOnly LatestLastDay => Today.AddDays((int)MaxLifetime.TotalDays);

    /// <summary>The zone the last day is read in (its name, for the form's hint).</summary>
    public string TimeZoneName => zone.Name;

    /// <summary>A key as audit rows and messages name it: its name and prefix, never more of it.</summary>
    public static string Describe(ApiKey key) => $"name=\u201C{key.Name}\u201D prefix={key.Prefix}";

    /// <summary>The end of the typed last day (in the app's time zone), as UTC; null for none or a refused one.</summary>
    private DateTime? ExpiresAt(string? typed, string field, ModelStateDictionary modelState)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return null;
        }
        if (!DateOnly.TryParseExact(typed.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            modelState.AddModelError(field, "Enter the last day as a date, like " + LatestLastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ", or leave it empty for a key that does not expire.");
            return null;
        }
        if (day < Today)
        {
            modelState.AddModelError(field, "The last day has passed: choose today or a later day, or leave it empty for a key that does not expire.");
            return null;
        }
        if (day > LatestLastDay)
        {
            modelState.AddModelError(field, $"A key can last at most a year: choose a day up to {LatestLastDay.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}, or leave it empty for a key that does not expire.");
            return null;
        }
        return zone.ToUtc(day.AddDays(1).ToDateTime(TimeOnly.MinValue));
    }

    [LoggerMessage(EventId = 1651, Level = LogLevel.Information, Message = "API key {KeyId} ({Prefix}) was created by person {UserId}")]
    private static partial void LogCreated(ILogger logger, Guid keyId, string prefix, string userId);

    [LoggerMessage(EventId = 1652, Level = LogLevel.Information, Message = "API key {KeyId} ({Prefix}) was revoked (by an admin: {ByAdmin})")]
    private static partial void LogRevoked(ILogger logger, Guid keyId, string prefix, bool byAdmin);
}

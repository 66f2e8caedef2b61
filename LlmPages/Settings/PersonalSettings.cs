using System.Data.Common;
using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Settings;

/// <summary>
/// A person's settings (<see cref="UserSettings"/>), read at most once per request and shared by everything that
/// needs them in it: the page shell's theme and text size, the chat's defaults and Enter key. Saving goes through here
/// too, so the request that saves sees what it saved.
/// </summary>
/// <remarks>
/// Scoped: the cache lives as long as the request. A person without a row has the defaults of a new
/// <see cref="UserSettings"/>; the row is created at their first save.
/// </remarks>
public sealed class PersonalSettings(AppDbContext db, TimeProvider clock)
{
    private string? loadedFor;
    private Task<UserSettings?>? loaded;

    /// <summary>The saved settings, or null when the person has never saved any (everything at its default).</summary>
    public Task<UserSettings?> ForAsync(string userId, CancellationToken cancellationToken)
    {
        if (loaded is null || loadedFor != userId)
        {
            loadedFor = userId;
            loaded = db.UserSettings.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        }
        return loaded;
    }

    /// <summary>
    /// How the pages look for this person; the defaults for no one, and when the settings cannot be read: the page shell
    /// never fails for its looks, so the error page that explains a database failure can still be drawn.
    /// </summary>
    public async Task<Appearance> AppearanceAsync(string? userId, CancellationToken cancellationToken)
    {
        if (userId is null)
        {
            return Appearance.Default;
        }
        try
        {
            return await ForAsync(userId, cancellationToken) is { } saved ? new Appearance(saved.Theme, saved.TextSize) : Appearance.Default;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            return Appearance.Default;
        }
    }

    /// <summary>Saves checked settings, creating the person's row at the first save.</summary>
    public async Task SaveAsync(string userId, SettingsInput input, CancellationToken cancellationToken)
    {
        var row = await db.UserSettings.FirstOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        if (row is null)
        {
            row = new UserSettings { UserId = userId };
            db.UserSettings.Add(row);
        }
        input.ApplyTo(row);
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (db.Entry(row).State == EntityState.Added)
        {
            // The same person's first save from two tabs at once: the other one created the row; this one updates it.
            db.Entry(row).State = EntityState.Detached;
            var saved = await db.UserSettings.FirstAsync(s => s.UserId == userId, cancellationToken);
            input.ApplyTo(saved);
            saved.UpdatedAt = row.UpdatedAt;
            await db.SaveChangesAsync(cancellationToken);
        }
        loaded = null;
    }
}

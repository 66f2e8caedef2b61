using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Data;

/// <summary>
/// Reads and writes <see cref="ServerSetting"/>s by name: one query by primary key to read, an upsert to write that
/// two admins saving at once cannot turn into a duplicate-key error (the later choice stays).
/// </summary>
public sealed class ServerSettingValues(AppDbContext db, TimeProvider clock)
{
    public Task<string?> GetAsync(string name, CancellationToken cancellationToken) =>
        db.ServerSettings.AsNoTracking().Where(s => s.Name == name).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken);

    public async Task SetAsync(string name, string value, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (await UpdateAsync(name, value, now, cancellationToken) == 1)
        {
            return;
        }
        try
        {
            db.ServerSettings.Add(new ServerSetting { Name = name, Value = value, UpdatedAt = now });
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another admin inserted it first: this choice, made later, is the one that stays.
            db.ChangeTracker.Clear();
            await UpdateAsync(name, value, now, cancellationToken);
        }
    }

    private Task<int> UpdateAsync(string name, string value, DateTime now, CancellationToken cancellationToken) =>
        db.ServerSettings.Where(s => s.Name == name)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Value, value).SetProperty(x => x.UpdatedAt, now), cancellationToken);
}

using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Data;

/// <summary>
/// Gives a name key (<see cref="NameKeys"/>) to the rows written before keys existed (names, and chat titles), at start-up, right after
/// migrating; once they all have one it finds nothing to do.
/// </summary>
/// <remarks>
/// The migration that added the key columns left them empty (null, which unique indexes allow any number of) rather
/// than filling them in SQL, because SQL would not fold names as the app does: SQLite's <c>lower()</c> changes ASCII
/// letters only, PostgreSQL's follows the server's locale, and neither knows NFKC. Here every key is the one the app
/// itself computes, on either engine.
/// <para>
/// Names that the new rule makes one name (SQLite let an admin save "Ärzte" beside "ärzte"; a provider from
/// configuration called "openai" was added beside an admin's "OpenAI") cannot all keep it: the oldest keeps its name,
/// the others are renamed "ärzte (2)", "ärzte (3)" and each rename is logged as a warning. Nothing is deleted.
/// </para>
/// </remarks>
internal sealed partial class NameKeyFill(AppDbContext db, ILogger<NameKeyFill> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await FillAsync(db.AiTypes, "AI type", t => "", t => (t.CreatedAt, t.Id), cancellationToken);
        await FillAsync(db.AiProviders, "provider", p => "", p => (p.CreatedAt, p.Id), cancellationToken);
        await FillAsync(db.SystemPrompts, "saved prompt", p => "", p => (p.CreatedAt, p.Id), cancellationToken);
        await FillAsync(db.Projects, "project", p => p.OwnerId, p => (p.CreatedAt, p.Id), cancellationToken);

        var models = await db.AiModels.Where(m => m.DisplayNameKey == null).ToListAsync(cancellationToken);
        foreach (var model in models)
        {
            // Setting the name sets its key; display names need not be unique.
            model.DisplayName = model.DisplayName;
        }
        await SaveAsync(models.Count, "AiModels", cancellationToken);

        // Titles need not be unique either; a person may have many chats, so a batch at a time.
        while (await db.Conversations.Where(c => c.TitleKey == null).OrderBy(c => c.Id).Take(1000).ToListAsync(cancellationToken) is { Count: > 0 } chats)
        {
            foreach (var chat in chats)
            {
                chat.Title = chat.Title;
            }
            await SaveAsync(chats.Count, "Conversations", cancellationToken);
            db.ChangeTracker.Clear();
        }
    }

    /// <param name="peers">Which records a name must be unique among: "" for all of the kind, the owner's id for projects.</param>
    /// <param name="age">Oldest first: the oldest of several records that now share a name keeps it.</param>
    private async Task FillAsync<T, TAge>(DbSet<T> set, string kind, Func<T, string> peers, Func<T, TAge> age, CancellationToken cancellationToken)
        where T : class, IUniqueName
    {
        var missing = await set.Where(r => r.NameKey == null).ToListAsync(cancellationToken);
        if (missing.Count == 0)
        {
            return;
        }
        var taken = (await set.AsNoTracking().Where(r => r.NameKey != null).ToListAsync(cancellationToken))
            .Select(r => (peers(r), r.NameKey!))
            .ToHashSet();
        var longest = db.Model.FindEntityType(typeof(T))!.FindProperty(nameof(IUniqueName.Name))!.GetMaxLength() ?? int.MaxValue;
        foreach (var record in missing.OrderBy(age))
        {
            var name = record.Name;
            for (var n = 2; !taken.Add((peers(record), NameKeys.Of(name))); n++)
            {
                name = Numbered(record.Name, n, longest);
            }
            if (name != record.Name)
            {
                LogRenamed(logger, kind, record.Name, name);
            }
            // Setting the name sets its key.
            record.Name = name;
        }
        await SaveAsync(missing.Count, set.EntityType.GetTableName()!, cancellationToken);
    }

    private async Task SaveAsync(int count, string table, CancellationToken cancellationToken)
    {
        if (count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            LogFilled(logger, count, table);
        }
    }

    /// <summary>"ärzte (2)", shortened to fit the column when it must be.</summary>
    private static string Numbered(string name, int n, int longest)
    {
        var suffix = $" ({n})";
        var room = longest - suffix.Length;
        if (name.Length > room)
        {
            name = name[..(char.IsHighSurrogate(name[room - 1]) ? room - 1 : room)].TrimEnd();
        }
        return name + suffix;
    }

    [LoggerMessage(1, LogLevel.Information, "Gave name keys to {Count} rows of {Table} written before keys existed")]
    private static partial void LogFilled(ILogger logger, int count, string table);

    [LoggerMessage(2, LogLevel.Warning, "Renamed the {Kind} {OldName} to {NewName}: another one has the same name ignoring case, and names are now unique ignoring case")]
    private static partial void LogRenamed(ILogger logger, string kind, string oldName, string newName);
}

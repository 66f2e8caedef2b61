using System.Globalization;
using LlmPages.Admin.Audit;
using LlmPages.Data;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Admin;

/// <summary>
/// The one shape of the admin's create, edit and delete pages, for every kind of record (AI types, providers, models;
/// next users and system prompts), so each page stays bind, validate, call, return:
/// <list type="bullet">
/// <item>Create: the page validates, the kind's service makes the record from the form, then <see cref="CreateAsync"/>
/// saves, flashes "Added the provider “X”." and goes to the record's page.</item>
/// <item>Load: the record by its route id (<see cref="LoadAsync"/>), or 404.</item>
/// <item>Delete (GET and POST): when the record is in use, <see cref="Refusal"/> says why and the page offers
/// "Deactivate instead"; a POST checks again, so a stale or forged form is refused the same way. Otherwise it
/// deletes, flashes "Deleted the provider “X”." and goes to the list.</item>
/// <item>Deactivate instead: deactivates, flashes what that changed, goes to the record's page.</item>
/// <item>Edit: the page loads and validates, then <c>SaveAsync</c> saves, flashes "Saved the provider “X”."
/// and goes to the record's page.</item>
/// <item>Another admin got there first: a record deleted in the meantime is reported in words on its list
/// (EF sees no row to change: <see cref="DbUpdateConcurrencyException"/>), not as an error page; a record that
/// came into use after the check is checked again and the refusal shown; a name another admin saved between the
/// form's check and the save (the unique index refuses it, on either engine) is shown next to its field in the
/// check's own words (<see cref="IAdminRecords{TEntity,TKey}.ReportClashAsync"/>), the form keeping what was typed.</item>
/// </list>
/// Every change it makes is written to the audit log (<see cref="AuditLog"/>) as <c>kind.create</c>, <c>kind.update</c>,
/// <c>kind.deactivate</c> or <c>kind.delete</c> (the kind from <see cref="IAdminRecords{TEntity,TKey}.Noun"/>: "AI type" is
/// <c>ai-type</c>), with the names of the fields an edit changed and never their values. An update, deactivation or
/// delete writes its row in the action's own SaveChanges (one transaction, so a refused change leaves no row); a
/// create writes it just after, once the new record has its id.
/// For a new kind: implement <see cref="IAdminRecords{TEntity,TKey}"/> on its admin service, register it with
/// <see cref="AdminExtensions.AddAdminRecords{TService,TEntity,TKey}"/>, and inject this into its pages. A delete page
/// is then three one-line handlers (its view reads <see cref="Record"/> and <see cref="Refusal"/>):
/// <code>
/// public sealed class DeleteModel(AdminCrud&lt;SystemPrompt, int&gt; crud) : PageModel
/// {
///     public SystemPrompt Prompt => crud.Record;
///     public string? Refusal => crud.Refusal;
///     public Task&lt;IActionResult&gt; OnGetAsync(int id, CancellationToken ct) => crud.ConfirmDeleteAsync(this, id, ct);
///     public Task&lt;IActionResult&gt; OnPostAsync(int id, CancellationToken ct) => crud.DeleteAsync(this, id, ct);
///     public Task&lt;IActionResult&gt; OnPostDeactivateAsync(int id, CancellationToken ct) => crud.DeactivateAsync(this, id, ct);
/// }
/// </code>
/// An edit page loads with <see cref="LoadAsync"/> (then whatever else its form shows), validates with the
/// kind's service, and ends its POST with
/// <c>return await crud.SaveAsync(this, ct => prompts.UpdateAsync(crud.Record, Input, ct), cancellationToken);</c>.
/// <para>
/// It replaced one copy of this flow per page, each of which answered 500 for a record another admin had just
/// deleted. It is a helper the page holds, not a base page class: the edit pages load different things around
/// the record, and what the pages share is a few calls rather than a hierarchy. One instance per request (scoped).
/// </para>
/// </summary>
public sealed class AdminCrud<TEntity, TKey>(AppDbContext db, IAdminRecords<TEntity, TKey> records, AuditLog audit)
    where TEntity : class
{
    private TEntity? record;

    /// <summary>The loaded record; only after <see cref="LoadAsync"/> found it.</summary>
    public TEntity Record => record ?? throw new InvalidOperationException("Load the record first.");

    /// <summary>On the delete page: why the record cannot be deleted, or null.</summary>
    public string? Refusal { get; private set; }

    /// <summary>Loads the record; false when there is none (the page answers 404).</summary>
    public async Task<bool> LoadAsync(TKey id, CancellationToken cancellationToken)
    {
        record = await records.FindAsync(id, cancellationToken);
        return record is not null;
    }

    /// <summary>
    /// The create page's POST, once the page has validated the form: adds <paramref name="newRecord"/> (which the kind's
    /// service made from the form), flashes "Added the X “name”." and then <paramref name="note"/>, and goes to the
    /// record's page. A name taken since the check leaves the page showing the form with the error.
    /// </summary>
    public async Task<IActionResult> CreateAsync(PageModel page, TEntity newRecord, string? note, CancellationToken cancellationToken)
    {
        record = newRecord;
        if (!await SavedAsync(page, ct => records.CreateAsync(newRecord, ct), cancellationToken))
        {
            return page.Page();
        }
        await audit.RecordAsync(Action("create"), typeof(TEntity).Name, IdOf(newRecord), records.NameOf(newRecord), cancellationToken: cancellationToken);
        page.TempData.Flash($"Added the {records.Noun} {Wording.Quote(records.NameOf(newRecord))}.{(note is null ? "" : " " + note)}");
        return new RedirectResult(records.HomeUrl(newRecord));
    }

    /// <summary>The delete page's GET: the confirm form, or the refusal.</summary>
    public async Task<IActionResult> ConfirmDeleteAsync(PageModel page, TKey id, CancellationToken cancellationToken) =>
        await LoadForDeleteAsync(id, cancellationToken) ? page.Page() : page.NotFound();

    /// <summary>The delete page's POST.</summary>
    public async Task<IActionResult> DeleteAsync(PageModel page, TKey id, CancellationToken cancellationToken)
    {
        if (!await LoadForDeleteAsync(id, cancellationToken))
        {
            return page.NotFound();
        }
        if (Refusal is not null)
        {
            return page.Page();
        }

        var name = Wording.Quote(records.NameOf(Record));
        var list = records.ListUrl(Record);
        try
        {
            audit.Add(Action("delete"), typeof(TEntity).Name, IdOf(Record), records.NameOf(Record));
            await records.DeleteAsync(Record, cancellationToken);
        }
        catch (DbUpdateException failed)
        {
            db.ChangeTracker.Clear();
            if (failed is DbUpdateConcurrencyException || !await LoadForDeleteAsync(id, cancellationToken))
            {
                // Another admin deleted it: what was asked for is done.
                page.TempData.Flash($"The {records.Noun} {name} was already deleted.");
                return new RedirectResult(list);
            }
            if (Refusal is null)
            {
                throw;
            }
            // Something started using it after the check: say what, as a GET would.
            return page.Page();
        }
        page.TempData.Flash($"Deleted the {records.Noun} {name}.");
        return new RedirectResult(list);
    }

    /// <summary>The delete page's "Deactivate instead".</summary>
    public async Task<IActionResult> DeactivateAsync(PageModel page, TKey id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return page.NotFound();
        }
        return await ChangeAsync(page, "deactivate", ct => records.SetActiveAsync(Record, false, ct), "Nothing to deactivate", () => records.Deactivated(Record), cancellationToken);
    }

    /// <summary>
    /// The edit page's POST, once the page has loaded the record and validated the form: saves with
    /// <paramref name="save"/> (the admin service's update), flashes "Saved the X “name”." and then
    /// <paramref name="note"/>, and goes to the record's page.
    /// </summary>
    public Task<IActionResult> SaveAsync(PageModel page, Func<CancellationToken, Task> save, string? note, CancellationToken cancellationToken) =>
        ChangeAsync(page, "update", save, "Your changes were not saved",
            () => $"Saved the {records.Noun} {Wording.Quote(records.NameOf(Record))}.{(note is null ? "" : " " + note)}", cancellationToken);

    /// <summary>The edit page's POST, without a note after "Saved the X “name”.".</summary>
    public Task<IActionResult> SaveAsync(PageModel page, Func<CancellationToken, Task> save, CancellationToken cancellationToken) =>
        SaveAsync(page, save, note: null, cancellationToken);

    private async Task<IActionResult> ChangeAsync(PageModel page, string verb, Func<CancellationToken, Task> change, string whenGone,
        Func<string> done, CancellationToken cancellationToken)
    {
        // Read before the change: a rename or a move to another provider must not change what "gone" reports.
        var name = Wording.Quote(records.NameOf(Record));
        var list = records.ListUrl(Record);
        var entry = audit.Add(Action(verb), typeof(TEntity).Name, IdOf(Record));
        void DescribeChange(object? sender, SavingChangesEventArgs e) => entry.Details = AuditLog.Clip(Changes(name));
        db.SavingChanges += DescribeChange;
        try
        {
            if (!await SavedAsync(page, change, cancellationToken))
            {
                return page.Page();
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            db.Entry(entry).State = EntityState.Detached;
            page.TempData.FlashError($"{whenGone}: the {records.Noun} {name} was deleted in the meantime.");
            return new RedirectResult(list);
        }
        finally
        {
            db.SavingChanges -= DescribeChange;
        }
        page.TempData.Flash(done());
        return new RedirectResult(records.HomeUrl(Record));
    }

    /// <summary>
    /// Saves with <paramref name="save"/>; false when the database refused a value another record took since the form
    /// was checked, which is then reported next to its field, and what the save changed is undone, so that the page
    /// shows the record as it still is.
    /// </summary>
    private async Task<bool> SavedAsync(PageModel page, Func<CancellationToken, Task> save, CancellationToken cancellationToken)
    {
        try
        {
            await save(cancellationToken);
            return true;
        }
        catch (DbUpdateException failed) when (failed is not DbUpdateConcurrencyException)
        {
            if (!await records.ReportClashAsync(Record, page.ModelState, cancellationToken))
            {
                throw;
            }
            foreach (var entry in db.ChangeTracker.Entries().ToList())
            {
                if (entry.State == EntityState.Added)
                {
                    entry.State = EntityState.Detached;
                }
                else if (entry.State == EntityState.Modified)
                {
                    entry.CurrentValues.SetValues(entry.OriginalValues);
                    entry.State = EntityState.Unchanged;
                }
            }
            return false;
        }
    }

    /// <summary>The audit action for <paramref name="verb"/> on this kind: "AI type" and "update" make <c>ai-type.update</c>.</summary>
    private string Action(string verb) => $"{records.Noun.ToLowerInvariant().Replace(' ', '-')}.{verb}";

    /// <summary>The record's key as the audit log keeps it.</summary>
    private string IdOf(TEntity entity)
    {
        var entry = db.Entry(entity);
        return string.Join(",", entry.Metadata.FindPrimaryKey()!.Properties
            .Select(p => Convert.ToString(entry.Property(p.Name).CurrentValue, CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// "“Name”: changed Name, BaseUrl.": the fields a save is about to change, read as it starts saving. Names only,
    /// never values (an API key is a field). Bookkeeping columns that follow from others are left out.
    /// </summary>
    private string Changes(string name)
    {
        db.ChangeTracker.DetectChanges();
        var changed = db.Entry(Record).Properties
            .Where(p => p.IsModified && !Bookkeeping.Contains(p.Metadata.Name))
            .Select(p => p.Metadata.Name == "ProtectedApiKey" ? "ApiKey" : p.Metadata.Name)
            .ToList();
        return changed.Count == 0 ? $"{name}: nothing changed." : $"{name}: changed {string.Join(", ", changed)}.";
    }

    private static readonly HashSet<string> Bookkeeping = ["UpdatedAt", "ApiKeyHint", "NameKey", "DisplayNameKey"];

    private async Task<bool> LoadForDeleteAsync(TKey id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return false;
        }
        Refusal = await records.WhyNotDeleteAsync(Record, cancellationToken);
        return true;
    }
}

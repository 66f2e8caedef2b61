using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Admin;

/// <summary>
/// One kind of record the admin pages create, edit, deactivate and delete, as <see cref="AdminCrud{TEntity,TKey}"/>
/// needs to know it. The kind's admin service implements it beside its own validate/new/update methods and is
/// registered with <see cref="AdminExtensions.AddAdminRecords{TService,TEntity,TKey}"/>.
/// </summary>
public interface IAdminRecords<TEntity, in TKey>
    where TEntity : class
{
    /// <summary>The kind as the pages name one record mid-sentence: "AI type", "provider", "model".</summary>
    string Noun { get; }

    /// <summary>The name the pages quote: the “Chat” in "Deleted the AI type “Chat”.".</summary>
    string NameOf(TEntity record);

    /// <summary>The record, tracked (the flows change it), with what its pages show of related records; null when there is none.</summary>
    Task<TEntity?> FindAsync(TKey id, CancellationToken cancellationToken);

    /// <summary>
    /// Adds the new record (made by the kind's service from a checked form) and saves it. Like EF's SaveChanges it throws
    /// <see cref="DbUpdateException"/> when the database refuses (a unique name another admin took since the check).
    /// </summary>
    Task CreateAsync(TEntity record, CancellationToken cancellationToken);

    /// <summary>
    /// After the database refused to save <paramref name="record"/>: adds to <paramref name="modelState"/>, next to its
    /// field and in the words of the form's own check, a value that must be unique and that another record has taken
    /// since the form was checked; false when nothing clashes (the refusal was about something else).
    /// </summary>
    Task<bool> ReportClashAsync(TEntity record, ModelStateDictionary modelState, CancellationToken cancellationToken);

    /// <summary>Why the record cannot be deleted, saying what to do instead; null when it can be.</summary>
    Task<string?> WhyNotDeleteAsync(TEntity record, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the record. Like EF's SaveChanges it throws <see cref="DbUpdateConcurrencyException"/> when the
    /// record is already gone, and <see cref="DbUpdateException"/> when the database refuses (something uses it).
    /// </summary>
    Task DeleteAsync(TEntity record, CancellationToken cancellationToken);

    /// <summary>Activates or deactivates the record and saves.</summary>
    Task SetActiveAsync(TEntity record, bool active, CancellationToken cancellationToken);

    /// <summary>The notification after "Deactivate instead", saying what deactivating changed.</summary>
    string Deactivated(TEntity record);

    /// <summary>The list that shows the record: where the pages go once it is deleted.</summary>
    string ListUrl(TEntity record);

    /// <summary>The record's own page, or its list: where the pages go after saving or deactivating it.</summary>
    string HomeUrl(TEntity record);
}

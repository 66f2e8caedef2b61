using LlmPages.Admin;
using LlmPages.Chat.Conversations;
using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Projects;

/// <summary>
/// A person's projects, for their owner only (anyone else's id is simply not found): reading, checking the form,
/// creating and changing. Names are unique per person ignoring case (<see cref="NameKeys"/>); a name another request
/// took between the check and the save is refused by the unique index and reported in the check's own words.
/// </summary>
public sealed class ProjectStore(AppDbContext db, TimeProvider time)
{
    /// <summary>What a save did.</summary>
    public enum SaveResult
    {
        Saved,

        /// <summary>Another project of the person took the name since the check; the error is next to the field.</summary>
        NameTaken,

        /// <summary>The project was deleted in the meantime (by the person, in another tab).</summary>
        Gone,
    }

    /// <summary>The project, tracked so it can be changed, or null when it is not this person's.</summary>
    public Task<Project?> FindOwnedAsync(Guid id, string ownerId, CancellationToken cancellationToken) =>
        db.Projects.FirstOrDefaultAsync(p => p.Id == id && p.OwnerId == ownerId, cancellationToken);

    /// <summary>The project with its default model, not tracked, or null when it is not this person's.</summary>
    public Task<Project?> ReadOwnedAsync(Guid id, string ownerId, CancellationToken cancellationToken) =>
        db.Projects.AsNoTracking().Include(p => p.DefaultModel)
            .FirstOrDefaultAsync(p => p.Id == id && p.OwnerId == ownerId, cancellationToken);

    /// <summary>The person's projects by name, to choose one from.</summary>
    public async Task<IReadOnlyList<ProjectChoice>> ChoicesAsync(string ownerId, CancellationToken cancellationToken) =>
        await db.Projects.AsNoTracking()
            .Where(p => p.OwnerId == ownerId)
            .OrderBy(p => p.NameKey).ThenBy(p => p.Id)
            .Select(p => new ProjectChoice(p.Id, p.Name))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// Tidies the form (names and descriptions trimmed) and adds what the attributes cannot see next to its field: a
    /// name the person already uses, a default model or saved prompt not offered, a reply longer than the model writes.
    /// True when it can be saved.
    /// </summary>
    public async Task<bool> ValidateAsync(ProjectInput input, Guid? projectId, string ownerId, IReadOnlyList<ChatSettings.ModelChoice> models,
        IReadOnlyList<ChatSettings.PromptChoice> prompts, ModelStateDictionary modelState, CancellationToken cancellationToken)
    {
        input.Name = (input.Name ?? "").Trim();
        input.Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        ChatSettings.Check(input.Defaults, models, prompts, modelState, $"Input.{nameof(input.Defaults)}", modelRequired: false);
        if (input.Name.Length > 0 && modelState.GetFieldValidationState("Input.Name") != ModelValidationState.Invalid)
        {
            await ReportClashAsync(input.Name, projectId, ownerId, modelState, cancellationToken);
        }
        return modelState.IsValid;
    }

    /// <summary>Adds a checked form as a new project of the person; returns what happened and the project, saved or not.</summary>
    public async Task<(SaveResult Result, Project Project)> CreateAsync(string ownerId, ProjectInput input, IReadOnlyList<ChatSettings.PromptChoice> prompts,
        ModelStateDictionary modelState, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var project = new Project { OwnerId = ownerId, Name = input.Name, CreatedAt = now, UpdatedAt = now };
        Apply(project, input, prompts);
        db.Projects.Add(project);
        return (await SaveAsync(project, modelState, cancellationToken), project);
    }

    /// <summary>Saves a checked form on a project this request loaded (<see cref="FindOwnedAsync"/>).</summary>
    public Task<SaveResult> UpdateAsync(Project project, ProjectInput input, IReadOnlyList<ChatSettings.PromptChoice> prompts,
        ModelStateDictionary modelState, CancellationToken cancellationToken)
    {
        Apply(project, input, prompts);
        project.UpdatedAt = time.GetUtcNow().UtcDateTime;
        return SaveAsync(project, modelState, cancellationToken);
    }

    /// <summary>Copies the form onto the project; a saved prompt's text is copied too, so it outlives the prompt.</summary>
    private static void Apply(Project project, ProjectInput input, IReadOnlyList<ChatSettings.PromptChoice> prompts)
    {
        project.Name = input.Name;
        project.Description = input.Description;
        var defaults = input.Defaults;
        project.DefaultModelId = defaults.ModelId;
        project.DefaultTemperature = defaults.Temperature;
        project.DefaultMaxTokens = defaults.MaxTokens;
        var saved = prompts.FirstOrDefault(p => p.Id == defaults.SystemPromptId);
        project.DefaultSystemPromptId = saved?.Id;
        project.DefaultSystemPrompt = saved?.Content ?? (string.IsNullOrWhiteSpace(defaults.SystemPrompt) ? null : defaults.SystemPrompt.Trim());
    }

    private async Task<SaveResult> SaveAsync(Project project, ModelStateDictionary modelState, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return SaveResult.Saved;
        }
        catch (DbUpdateConcurrencyException)
        {
            Forget();
            return SaveResult.Gone;
        }
        catch (DbUpdateException)
        {
            // The unique index refused the name: another request took it after the check. Anything else is a real error.
            Forget();
            if (!await ReportClashAsync(project.Name, project.Id, project.OwnerId, modelState, cancellationToken))
            {
                throw;
            }
            return SaveResult.NameTaken;
        }
    }

    /// <summary>Undoes what a refused save changed, so the page shows the project as it still is (the form keeps what was typed).</summary>
    private void Forget()
    {
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State == EntityState.Modified))
        {
            entry.CurrentValues.SetValues(entry.OriginalValues);
        }
        db.ChangeTracker.Clear();
    }

    /// <summary>Names are unique per person ignoring case: the error names the project that has it.</summary>
    private async Task<bool> ReportClashAsync(string name, Guid? projectId, string ownerId, ModelStateDictionary modelState, CancellationToken cancellationToken)
    {
        var key = NameKeys.Of(name);
        var taken = await db.Projects.AsNoTracking()
            .Where(p => p.OwnerId == ownerId && p.NameKey == key && p.Id != projectId)
            .Select(p => p.Name).FirstOrDefaultAsync(cancellationToken);
        if (taken is not null)
        {
            modelState.AddModelError("Input.Name", $"You already have a project called {Wording.Quote(taken)}. Choose another name.");
        }
        return taken is not null;
    }
}

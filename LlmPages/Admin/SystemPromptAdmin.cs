using LlmPages.Admin.Audit;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Prompts;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Admin;

/// <summary>
/// Creating, changing and deleting the shared system prompts. A prompt can always be deleted: the chats, projects and
/// personal settings that chose it hold a copy of its text, which they keep as their own prompt (their link to it is
/// set to null by the database).
/// </summary>
public sealed class SystemPromptAdmin(AppDbContext db, AuditLog audit, TimeProvider clock) : IAdminRecords<SystemPrompt, int>
{
    public string Noun => "prompt";

    public string NameOf(SystemPrompt prompt) => prompt.Name;

    public async Task<SystemPrompt?> FindAsync(int id, CancellationToken cancellationToken) =>
        await db.SystemPrompts.FindAsync([id], cancellationToken);

    /// <summary>Adds a name clash and a bad variable to <paramref name="modelState"/>; true when the input can be saved.</summary>
    public async Task<bool> ValidateAsync(SystemPromptInput input, int? id, ModelStateDictionary modelState, CancellationToken cancellationToken)
    {
        input.Name = (input.Name ?? "").Trim();
        input.Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        input.Content = (input.Content ?? "").Trim();
        if (PromptVariables.Problem(input.Content) is { } problem)
        {
            modelState.AddModelError("Input.Content", problem);
        }
        return modelState.IsValid && !await ReportClashAsync(input.Name, id, modelState, cancellationToken);
    }

    /// <summary>A new prompt from a checked form, not yet saved (<see cref="CreateAsync"/>).</summary>
    public SystemPrompt New(SystemPromptInput input, string? authorId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new SystemPrompt
        {
            Name = input.Name,
            Description = input.Description,
            Content = input.Content,
            IsActive = input.IsActive,
            CreatedById = authorId,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    public async Task CreateAsync(SystemPrompt prompt, CancellationToken cancellationToken)
    {
        db.SystemPrompts.Add(prompt);
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task<bool> ReportClashAsync(SystemPrompt prompt, ModelStateDictionary modelState, CancellationToken cancellationToken) =>
        ReportClashAsync(prompt.Name, prompt.Id, modelState, cancellationToken);

    /// <summary>Names are unique ignoring case (<see cref="NameKeys"/>): the error names the prompt that has it.</summary>
    private async Task<bool> ReportClashAsync(string name, int? id, ModelStateDictionary modelState, CancellationToken cancellationToken)
    {
        var key = NameKeys.Of(name);
        var taken = await db.SystemPrompts.Where(p => p.NameKey == key && p.Id != id).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken);
        if (taken is not null)
        {
            modelState.AddModelError("Input.Name", $"A prompt called {Wording.Quote(taken)} already exists. Choose another name.");
        }
        return taken is not null;
    }

    public async Task UpdateAsync(SystemPrompt prompt, SystemPromptInput input, CancellationToken cancellationToken)
    {
        prompt.Name = input.Name;
        prompt.Description = input.Description;
        prompt.Content = input.Content;
        prompt.IsActive = input.IsActive;
        prompt.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task SetActiveAsync(SystemPrompt prompt, bool active, CancellationToken cancellationToken)
    {
        prompt.IsActive = active;
        prompt.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        audit.Add(active ? "prompt.activate" : "prompt.deactivate", nameof(SystemPrompt), prompt.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), prompt.Name);
        await db.SaveChangesAsync(cancellationToken);
    }

    public string Deactivated(SystemPrompt prompt) =>
        $"{Wording.Quote(prompt.Name)} is deactivated: it is no longer offered. Chats that chose it keep its text.";

    /// <summary>Never refused: what chose the prompt keeps a copy of its text.</summary>
    public Task<string?> WhyNotDeleteAsync(SystemPrompt prompt, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>How many chats chose the prompt, for the delete page to say what keeps its text.</summary>
    public Task<int> ChatCountAsync(int id, CancellationToken cancellationToken) =>
        db.Conversations.CountAsync(c => c.SystemPromptId == id, cancellationToken);

    public async Task DeleteAsync(SystemPrompt prompt, CancellationToken cancellationToken)
    {
        db.SystemPrompts.Remove(prompt);
        await db.SaveChangesAsync(cancellationToken);
    }

    public string ListUrl(SystemPrompt prompt) => "/admin/prompts";

    public string HomeUrl(SystemPrompt prompt) => "/admin/prompts";
}

using LlmPages.Accounts;
using LlmPages.Admin;
using LlmPages.Chat.Conversations;
using LlmPages.Data.Entities;
using LlmPages.Projects;
using LlmPages.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Projects;

/// <summary>Renames a project, changes its description and the defaults of new chats in it. Owner only.</summary>
[Authorize]
public sealed class EditModel(ProjectStore projects, ChatSettings settings) : PageModel, IProjectForm
{
    [BindProperty]
    public ProjectInput Input { get; set; } = new();

    public Project Project { get; private set; } = null!;

    public IReadOnlyList<ChatSettings.ModelChoice> Models { get; private set; } = [];

    public IReadOnlyList<ChatSettings.PromptChoice> Prompts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid projectId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(projectId, cancellationToken))
        {
            return NotFound();
        }
        Input = ProjectInput.Of(Project);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid projectId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(projectId, cancellationToken))
        {
            return NotFound();
        }
        if (!await projects.ValidateAsync(Input, projectId, User.UserId()!, Models, Prompts, ModelState, cancellationToken))
        {
            return Invalid();
        }
        var name = Wording.Quote(Project.Name);
        switch (await projects.UpdateAsync(Project, Input, Prompts, ModelState, cancellationToken))
        {
            case ProjectStore.SaveResult.Saved:
                TempData.Flash($"Saved the project {Wording.Quote(Project.Name)}.");
                return Redirect($"/projects/{projectId}");
            case ProjectStore.SaveResult.Gone:
                TempData.FlashError($"Your changes were not saved: the project {name} was deleted in the meantime.");
                return Redirect("/projects");
            default:
                return Invalid();
        }
    }

    private PageResult Invalid()
    {
        return this.PageWithErrors();
    }

    private async Task<bool> LoadAsync(Guid projectId, CancellationToken cancellationToken)
    {
        if (await projects.FindOwnedAsync(projectId, User.UserId()!, cancellationToken) is not { } project)
        {
            return false;
        }
        Project = project;
        (Models, Prompts) = (await settings.ModelsAsync(cancellationToken), await settings.PromptsAsync(cancellationToken));
        return true;
    }
}

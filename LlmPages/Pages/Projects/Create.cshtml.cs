using LlmPages.Accounts;
using LlmPages.Admin;
using LlmPages.Chat.Conversations;
using LlmPages.Projects;
using LlmPages.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Projects;

/// <summary>Creates a project for the person, then shows it.</summary>
[Authorize]
public sealed class CreateModel(ProjectStore projects, ChatSettings settings) : PageModel, IProjectForm
{
    [BindProperty]
    public ProjectInput Input { get; set; } = new();

    public IReadOnlyList<ChatSettings.ModelChoice> Models { get; private set; } = [];

    public IReadOnlyList<ChatSettings.PromptChoice> Prompts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadChoicesAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadChoicesAsync(cancellationToken);
        var ownerId = User.UserId()!;
        if (!await projects.ValidateAsync(Input, null, ownerId, Models, Prompts, ModelState, cancellationToken))
        {
            return Invalid();
        }
        var (result, project) = await projects.CreateAsync(ownerId, Input, Prompts, ModelState, cancellationToken);
        if (result != ProjectStore.SaveResult.Saved)
        {
            return Invalid();
        }
        TempData.Flash($"Created the project {Wording.Quote(project.Name)}.");
        return Redirect($"/projects/{project.Id}");
    }

    private PageResult Invalid()
    {
        return this.PageWithErrors();
    }

    private async Task LoadChoicesAsync(CancellationToken cancellationToken) =>
        (Models, Prompts) = (await settings.ModelsAsync(cancellationToken), await settings.PromptsAsync(cancellationToken));
}

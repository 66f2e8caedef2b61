using LlmPages.Accounts;
using LlmPages.Admin;
using LlmPages.Data.Entities;
using LlmPages.Projects;
using LlmPages.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Projects;

/// <summary>
/// Deletes a project after asking what becomes of its chats: they stay, outside any project (<c>Chats=keep</c>), or
/// are deleted with it (<c>Chats=delete</c>). This page is the question without JavaScript; with it, each button asks
/// again in a dialog. Owner only.
/// </summary>
[Authorize]
public sealed class DeleteModel(ProjectStore projects, ProjectChats chats) : PageModel
{
    public const string KeepChats = "keep";

    public const string DeleteChats = "delete";

    public Project Project { get; private set; } = null!;

    public int ChatCount { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid projectId, CancellationToken cancellationToken) =>
        await LoadAsync(projectId, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid projectId, [FromForm(Name = "Chats")] string? choice, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(projectId, cancellationToken))
        {
            return NotFound();
        }
        if (choice is not (KeepChats or DeleteChats))
        {
            ModelState.AddModelError(string.Empty, "Choose whether to keep the project’s chats or to delete them with it.");
            return this.PageWithErrors();
        }
        var deleteChats = choice == DeleteChats;
        var count = await chats.DeleteProjectAsync(User.UserId()!, projectId, deleteChats, cancellationToken);
        var name = Wording.Quote(Project.Name);
        TempData.Flash(count == 0 ? $"Deleted the project {name}."
            : deleteChats ? $"Deleted the project {name} and its {ProjectList.ChatCount(count)}."
            : $"Deleted the project {name}. Its {ProjectList.ChatCount(count)} {(count == 1 ? "is" : "are")} kept, outside any project.");
        return Redirect("/projects");
    }

    private async Task<bool> LoadAsync(Guid projectId, CancellationToken cancellationToken)
    {
        if (await projects.ReadOwnedAsync(projectId, User.UserId()!, cancellationToken) is not { } project)
        {
            return false;
        }
        Project = project;
        ChatCount = await chats.CountAsync(User.UserId()!, projectId, cancellationToken);
        return true;
    }
}

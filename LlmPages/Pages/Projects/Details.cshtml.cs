using LlmPages.Accounts;
using LlmPages.Data.Entities;
using LlmPages.Projects;
using LlmPages.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Projects;

/// <summary>One project: its description and defaults, and its chats, newest first, a page at a time. Owner only.</summary>
[Authorize]
public sealed class DetailsModel(ProjectStore projects, ProjectChats chats) : PageModel
{
    public Project Project { get; private set; } = null!;

    public ProjectChats.Result Chats { get; private set; } = new([], Paging.For(1, 0));

    public async Task<IActionResult> OnGetAsync(Guid projectId, CancellationToken cancellationToken)
    {
        if (await projects.ReadOwnedAsync(projectId, User.UserId()!, cancellationToken) is not { } project)
        {
            return NotFound();
        }
        Project = project;
        Chats = await chats.PageAsync(User.UserId()!, projectId, Paging.RequestedPage(Request), cancellationToken);
        return Page();
    }

    public string PageUrl(int page) => $"/projects/{Project.Id}?page={page}";
}

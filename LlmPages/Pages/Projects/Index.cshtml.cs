using LlmPages.Accounts;
using LlmPages.Projects;
using LlmPages.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Projects;

/// <summary>The person's projects, most recent activity first, a page at a time (<c>?page=N</c>).</summary>
[Authorize]
public sealed class IndexModel(ProjectList list) : PageModel
{
    public ProjectList.Result Projects { get; private set; } = new([], Paging.For(1, 0));

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Projects = await list.PageAsync(User.UserId()!, Paging.RequestedPage(Request), cancellationToken);

    public static string PageUrl(int page) => $"/projects?page={page}";
}

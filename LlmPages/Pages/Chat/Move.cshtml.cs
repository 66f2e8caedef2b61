using LlmPages.Accounts;
using LlmPages.Admin;
using LlmPages.Chat.Conversations;
using LlmPages.Data.Entities;
using LlmPages.Projects;
using LlmPages.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Chat;

/// <summary>
/// Moves a chat into one of the person's projects, or out of any (<c>ProjectId</c> empty). The chat page and the
/// project page post here; this page is the same choice on its own, for lists. Owner only, for the chat and the project
/// alike: another person's id of either is not found. Goes back to <c>ReturnUrl</c> when it is on this site, else to the chat.
/// </summary>
[Authorize]
public sealed class MoveModel(ConversationThreads threads, ProjectStore projects, ProjectChats chats) : PageModel
{
    /// <summary>The project to move the chat into; null: out of any project.</summary>
    [BindProperty]
    public Guid? ProjectId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public Conversation Conversation { get; private set; } = null!;

    public IReadOnlyList<ProjectChoice> Projects { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        ProjectId = Conversation.ProjectId;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        if (!ModelState.IsValid)
        {
            ModelState.Clear();
            ModelState.AddModelError(nameof(ProjectId), "Choose one of your projects, or “No project”.");
            return this.PageWithErrors();
        }
        if (await chats.MoveAsync(User.UserId()!, [id], ProjectId, cancellationToken) is null)
        {
            return NotFound();
        }
        var title = Wording.Quote(Conversation.Title);
        TempData.Flash(Projects.FirstOrDefault(p => p.Id == ProjectId) is { } project
            ? $"Moved {title} to the project {Wording.Quote(project.Name)}."
            : $"{title} is no longer in a project.");
        return Redirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : $"/chat/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await threads.FindOwnedAsync(id, User.UserId()!, cancellationToken) is not { } conversation)
        {
            return false;
        }
        Conversation = conversation;
        Projects = await projects.ChoicesAsync(User.UserId()!, cancellationToken);
        return true;
    }
}

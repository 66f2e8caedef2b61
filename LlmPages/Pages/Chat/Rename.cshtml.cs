using System.ComponentModel.DataAnnotations;
using LlmPages.Accounts;
using LlmPages.Chat;
using LlmPages.Chat.Conversations;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Chat;

/// <summary>Renames a chat. Owner only.</summary>
[Authorize]
public sealed class RenameModel(ConversationThreads threads) : PageModel
{
    public sealed class RenameInput
    {
        [Display(Name = "Title")]
        [Required(ErrorMessage = "Enter a title.")]
        [StringLength(ConversationTitles.MaxLength, ErrorMessage = "The title can be at most 80 characters long.")]
        public string? Title { get; set; }
    }

    [BindProperty]
    public RenameInput Input { get; set; } = new();

    public Conversation Conversation { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await threads.FindOwnedAsync(id, User.UserId()!, cancellationToken) is not { } conversation)
        {
            return NotFound();
        }
        Conversation = conversation;
        Input.Title = conversation.Title;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await threads.FindOwnedAsync(id, User.UserId()!, cancellationToken) is not { } conversation)
        {
            return NotFound();
        }
        Conversation = conversation;
        var title = Input.Title?.Trim();
        if (ModelState.IsValid && string.IsNullOrEmpty(title))
        {
            ModelState.AddModelError("Input.Title", "Enter a title.");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        await threads.RenameAsync(conversation, title!, cancellationToken);
        TempData.Flash("Chat renamed.");
        return Redirect($"/chat/{id}");
    }
}

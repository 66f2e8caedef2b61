using LlmPages.Accounts;
using LlmPages.Chat;
using LlmPages.Chat.Conversations;
using LlmPages.Chat.Streaming;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Chat;

/// <summary>Deletes a chat and all its messages, after stopping a reply still being written. Owner only.</summary>
[Authorize]
public sealed class DeleteModel(AppDbContext db, ConversationThreads threads, GenerationHub hub) : PageModel
{
    public Conversation Conversation { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await threads.FindOwnedAsync(id, User.UserId()!, cancellationToken) is not { } conversation)
        {
            return NotFound();
        }
        Conversation = conversation;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await threads.FindOwnedAsync(id, User.UserId()!, cancellationToken) is not { } conversation)
        {
            return NotFound();
        }
        if (hub.ForConversation(id) is { } generation)
        {
            generation.RequestStop();
            await generation.WhenFinishedAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }
        db.Conversations.Remove(conversation);
        await db.SaveChangesAsync(cancellationToken);
        TempData.Flash($"Deleted “{conversation.Title}”.");
        return Redirect("/chat");
    }
}

using LlmPages.Accounts;
using LlmPages.Chat.Conversations;
using LlmPages.History;
using LlmPages.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.History;

/// <summary>
/// Deletes chats from the history: one (a row's Delete) or every ticked one. Without JavaScript the first post shows
/// this page, listing them, and its own post (with <c>confirmed=true</c>) deletes; with JavaScript the history's
/// confirmation dialog adds <c>confirmed=true</c> to the first post (app.js, <c>data-confirm-field</c>). All the chats must
/// be the person's, or nothing is deleted (404). Back to the history view it came from.
/// </summary>
[Authorize]
public sealed class DeleteModel(HistoryReader reader, ChatDeletion deletion) : PageModel
{
    public const string ConfirmedField = "confirmed";

    public HistoryFilter Filter { get; private set; } = null!;

    public IReadOnlyList<HistoryReader.Row> Chats { get; private set; } = [];

    /// <summary>The history view the chats were chosen on.</summary>
    public string Back { get; private set; } = "/history";

    /// <summary>Nothing to confirm without a selection: the history.</summary>
    public IActionResult OnGet() => Redirect(HistoryFilter.Parse(Request.Query).Url(Paging.RequestedPage(Request)));

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Filter = HistoryFilter.Parse(Request.Query);
        var back = Back = Filter.Url(Paging.RequestedPage(Request));
        var (ids, error) = HistorySelection.Read(HistorySelection.FormOf(Request));
        if (error is not null)
        {
            TempData.FlashError(error);
            return Redirect(back);
        }
        if (HistorySelection.FormOf(Request)[ConfirmedField] == "true")
        {
            if (await deletion.DeleteAsync(User.UserId()!, ids, cancellationToken) is not { } titles)
            {
                return NotFound();
            }
            TempData.Flash(titles is [var title] ? $"Deleted “{title}”." : $"Deleted {IndexModel.Chats(titles.Count)}.");
            return Redirect(back);
        }
        if (await reader.FindOwnedAsync(User.UserId()!, ids, cancellationToken) is not { } chats)
        {
            return NotFound();
        }
        Chats = chats;
        return Page();
    }
}

using LlmPages.Accounts;
using LlmPages.Chat.Conversations;
using LlmPages.History;
using LlmPages.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.History;

/// <summary>
/// The history: every chat of the person, searched, filtered and sorted by the query string (a GET form, so every view
/// is a link), a page at a time, with archive, unarchive and move for one chat or every ticked one (one POST form;
/// its buttons name the handler, and the filter's query string comes back with it). Delete goes to <see cref="DeleteModel"/>.
/// A refused action shows the page again with the reason and the chats still ticked.
/// </summary>
[Authorize]
public sealed class IndexModel(HistoryReader reader, ChatArchive archive, ChatMoves moves) : PageModel
{
    /// <summary>The select of "Move to", by name (not the filter's <c>project</c>).</summary>
    public const string MoveToField = "moveTo";

    public HistoryFilter Filter { get; private set; } = null!;

    public HistoryReader.Result Results { get; private set; } = null!;

    public HistoryReader.Choices Choices { get; private set; } = null!;

    /// <summary>The chats ticked in a refused action, ticked again.</summary>
    public IReadOnlySet<Guid> Selected { get; private set; } = new HashSet<Guid>();

    /// <summary>The project chosen in a refused move, chosen again.</summary>
    public string MoveTo { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Filter = HistoryFilter.Parse(Request.Query);
        await LoadAsync(cancellationToken);
    }

    public Task<IActionResult> OnPostArchiveAsync(CancellationToken cancellationToken) =>
        ChangeAsync(async ids => await archive.SetArchivedAsync(User.UserId()!, ids, archived: true, cancellationToken) is { } n
            ? $"Archived {Chats(n)}. Archived chats stay here and leave the chat list." : null, cancellationToken);

    public Task<IActionResult> OnPostUnarchiveAsync(CancellationToken cancellationToken) =>
        ChangeAsync(async ids => await archive.SetArchivedAsync(User.UserId()!, ids, archived: false, cancellationToken) is { } n
            ? $"Unarchived {Chats(n)}." : null, cancellationToken);

    public Task<IActionResult> OnPostMoveAsync(CancellationToken cancellationToken)
    {
        MoveTo = HistorySelection.FormOf(Request)[MoveToField].ToString();
        Guid? projectId = Guid.TryParse(MoveTo, out var id) ? id : null;
        if (projectId is null && MoveTo != HistoryFilter.NoProject)
        {
            ModelState.AddModelError(MoveToField, "Choose the project to move the chats to.");
        }
        return ChangeAsync(async ids => await moves.MoveAsync(User.UserId()!, ids, projectId, cancellationToken) is { } moved
            ? moved.ProjectName is { } name ? $"Moved {Chats(moved.Count)} to “{name}”." : $"Took {Chats(moved.Count)} out of their project."
            : null, cancellationToken);
    }

    /// <summary>The id of a filter field, and the key of its error (the summary links to it).</summary>
    public static string FieldId(string name) => "history-" + name;

    /// <summary>The same view with archived chats included.</summary>
    public static string WithArchived(HistoryFilter filter) => filter.UrlWith(HistoryFilter.ArchivedName, "all");

    /// <summary>"1 chat", "3 chats".</summary>
    public static string Chats(int count) => count == 1 ? "1 chat" : $"{count:N0} chats";

    /// <param name="change">Does the action; the message to flash, or null when a chat (or the project) is not the person's.</param>
    private async Task<IActionResult> ChangeAsync(Func<IReadOnlyList<Guid>, Task<string?>> change, CancellationToken cancellationToken)
    {
        Filter = HistoryFilter.Parse(Request.Query);
        var (ids, error) = HistorySelection.Read(HistorySelection.FormOf(Request));
        Selected = ids.ToHashSet();
        if (error is not null)
        {
            ModelState.AddModelError(HistorySelection.Field, error);
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return this.PageWithErrors();
        }
        if (await change(ids) is not { } done)
        {
            return NotFound();
        }
        TempData.Flash(done);
        return Redirect(Filter.Url(Paging.RequestedPage(Request)));
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        foreach (var (field, message) in Filter.Errors)
        {
            ModelState.AddModelError(FieldId(field), message);
        }
        var userId = User.UserId()!;
        Choices = await reader.ChoicesAsync(userId, cancellationToken);
        Results = Filter.Errors.Count > 0
            ? new HistoryReader.Result([], Paging.For(1, 0), HasChats: true, null)
            : await reader.ReadAsync(userId, Filter, Paging.RequestedPage(Request), cancellationToken);
        if (Results.SearchError is { } searchError)
        {
            ModelState.AddModelError(FieldId(HistoryFilter.QueryName), searchError);
        }
    }
}

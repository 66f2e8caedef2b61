using LlmPages.Admin;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Admin.Users;

/// <summary>The people with an account: search, filter by state, page; approve accounts that wait for approval.</summary>
public sealed class IndexModel(UserList list, UserAdmin admin) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    /// <summary>all, active, deactivated or pending; anything else is all.</summary>
    [BindProperty(SupportsGet = true, Name = "state")]
    public string? StateName { get; set; }

    public UserList.State State => Enum.TryParse<UserList.State>(StateName, ignoreCase: true, out var state) && Enum.IsDefined(state) ? state : UserList.State.All;

    public UserList.Result Result { get; private set; } = null!;

    public bool IsNarrowed => !string.IsNullOrWhiteSpace(Search) || State != UserList.State.All;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Result = await list.FindAsync(Search, State, Paging.RequestedPage(Request), cancellationToken);

    /// <summary>The list's URL with this search and filter, at page <paramref name="page"/>.</summary>
    public string ListUrl(int page = 1)
    {
        var query = new Dictionary<string, string?>();
        if (!string.IsNullOrWhiteSpace(Search))
        {
            query["q"] = Search.Trim();
        }
        if (State != UserList.State.All)
        {
            query["state"] = State.ToString().ToLowerInvariant();
        }
        if (page > 1)
        {
            query["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/admin/users", query);
    }

    public async Task<IActionResult> OnPostApproveAsync(string userId, CancellationToken cancellationToken)
    {
        var user = await admin.FindAsync(userId, cancellationToken);
        if (user is null || await admin.ApproveAsync(userId, cancellationToken) != UserAdmin.Outcome.Done)
        {
            TempData.FlashError("That account no longer waits for approval: another admin approved or rejected it, or it was deleted.");
        }
        else
        {
            TempData.Flash($"Approved {Wording.Quote(user.DisplayName)}: they can log in now.");
        }
        return Redirect("/admin/users?state=pending");
    }
}

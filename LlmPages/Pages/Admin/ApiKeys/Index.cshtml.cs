using LlmPages.Api.Keys;
using LlmPages.Pages.Settings;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Admin.ApiKeys;

/// <summary>Every person's API keys (search, page, revoke), and the switch that turns the API on or off for everyone.</summary>
public sealed class IndexModel(ApiKeyList list, ApiKeyAccess access, AppTimeZone zone, TimeProvider clock) : PageModel
{
    public const string On = "on";
    public const string Off = "off";

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    /// <summary>The switch for everyone: <see cref="On"/> or <see cref="Off"/>.</summary>
    [BindProperty]
    public string? Access { get; set; }

    public Choices AccessChoices => new(nameof(Access), "API access for everyone",
        "Off, every key is refused at once and nobody can make a new one; the keys are kept, and work again when it is turned back on. A person's own switch (on their page under Users) still applies when it is on.",
        Access ?? "",
        [(On, "On: people can make keys and use the API"), (Off, "Off: every key is refused")]);

    public IReadOnlyList<ApiKeyList.Row> Rows { get; private set; } = [];

    public Paging Paging { get; private set; } = null!;

    public DateTime Now { get; private set; }

    public string TimeZoneName => zone.Name;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(null, cancellationToken);

    public async Task<IActionResult> OnPostAccessAsync(CancellationToken cancellationToken)
    {
        if (Access is not (On or Off))
        {
            ModelState.AddModelError(nameof(Access), "Choose whether API access is on or off for everyone.");
            await LoadAsync(Access, cancellationToken);
            return this.PageWithErrors();
        }
        await access.SetForEveryoneAsync(Access == On, cancellationToken);
        TempData.Flash(Access == On
            ? "API access is on: people can make keys and use the API (unless it is off for them)."
            : "API access is off for everyone: every key is refused from now on, and no new key can be made.");
        return Redirect("/admin/api-keys");
    }

    /// <summary>The list's URL with this search, at page <paramref name="page"/>.</summary>
    public string ListUrl(int page = 1)
    {
        var query = new Dictionary<string, string?>();
        if (!string.IsNullOrWhiteSpace(Search))
        {
            query["q"] = Search.Trim();
        }
        if (page > 1)
        {
            query["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/admin/api-keys", query);
    }

    private async Task LoadAsync(string? typed, CancellationToken cancellationToken)
    {
        Access = typed ?? (await access.IsOnForEveryoneAsync(cancellationToken) ? On : Off);
        (Rows, Paging) = await list.FindAsync(Search, Paging.RequestedPage(Request), cancellationToken);
        Now = clock.GetUtcNow().UtcDateTime;
    }
}

using LlmPages.Accounts;
using LlmPages.Api.Keys;
using LlmPages.Data.Entities;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Profile.ApiKeys;

/// <summary>
/// Makes a key. The full key is shown once, in the answer to the POST itself (not in a URL, never stored but as a hash,
/// never cached): no later page can show it again. Refused while API access is off for the person or for everyone.
/// </summary>
[Authorize]
public sealed class CreateModel(ApiKeyChanges changes, ApiKeyAccess access) : PageModel
{
    [BindProperty]
    public ApiKeyInput Input { get; set; } = new();

    public ApiKeyAccess.State Access { get; private set; }

    /// <summary>After the key is made: the key's row and the full key, for this one answer.</summary>
    public (ApiKey Key, string FullKey)? Created { get; private set; }

    public string BaseUrl => ApiAddress.Of(Request);

    public ApiKeyChanges Rules => changes;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Access = await access.StateAsync(User.UserId()!, cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-cache, no-store"; // What antiforgery sets too; "no-store" alone makes it log a warning per page.
        Created = await changes.CreateAsync(User.UserId()!, Input, nameof(Input), ModelState, cancellationToken);
        Access = await access.StateAsync(User.UserId()!, cancellationToken);
        if (Created is null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return Page();
    }
}

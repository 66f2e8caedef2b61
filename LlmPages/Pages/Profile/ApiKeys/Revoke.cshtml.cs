using LlmPages.Accounts;
using LlmPages.Admin;
using LlmPages.Api.Keys;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Profile.ApiKeys;

/// <summary>
/// Revokes one of the person's keys. The list's button posts here straight away once a dialog has asked
/// (<c>confirmed=true</c>); without JavaScript it lands on this page, which asks. Another person's key is 404.
/// </summary>
[Authorize]
public sealed class RevokeModel(Api.ApiKeys keys, ApiKeyChanges changes) : PageModel
{
    public ApiKey Key { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid keyId, CancellationToken cancellationToken) =>
        await LoadAsync(keyId, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid keyId, string? confirmed, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(keyId, cancellationToken))
        {
            return NotFound();
        }
        if (confirmed != "true")
        {
            return Redirect($"/profile/api-keys/{keyId}/revoke");
        }
        if (await changes.RevokeAsync(Key, byAdmin: false, cancellationToken))
        {
            TempData.Flash($"Revoked the key {Wording.Quote(Key.Name)}: tools that use it are refused from now on.");
        }
        else
        {
            TempData.Flash($"The key {Wording.Quote(Key.Name)} was revoked already.");
        }
        return Redirect("/profile/api-keys");
    }

    private async Task<bool> LoadAsync(Guid keyId, CancellationToken cancellationToken)
    {
        if (await keys.FindAsync(keyId, User.UserId()!, cancellationToken) is not { } key)
        {
            return false;
        }
        Key = key;
        return true;
    }
}

using LlmPages.Admin;
using LlmPages.Api.Keys;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Admin.ApiKeys;

/// <summary>
/// An admin revokes anyone's key. The list's button posts here once a dialog has asked (<c>confirmed=true</c>); without
/// JavaScript it lands on this page, which asks.
/// </summary>
public sealed class RevokeModel(ApiKeyList list, ApiKeyChanges changes) : PageModel
{
    public ApiKeyList.Row Row { get; private set; } = null!;

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
            return Redirect($"/admin/api-keys/{keyId}/revoke");
        }
        var name = $"{Wording.Quote(Row.Key.Name)} of {Row.OwnerName}";
        TempData.Flash(await changes.RevokeAsync(Row.Key, byAdmin: true, cancellationToken)
            ? $"Revoked the key {name}: it is refused from now on."
            : $"The key {name} was revoked already.");
        return Redirect("/admin/api-keys");
    }

    private async Task<bool> LoadAsync(Guid keyId, CancellationToken cancellationToken)
    {
        if (await list.FindAsync(keyId, cancellationToken) is not { } row)
        {
            return false;
        }
        Row = row;
        return true;
    }
}

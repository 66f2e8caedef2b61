using LlmPages.Admin;
using Microsoft.AspNetCore.Mvc;

namespace LlmPages.Pages.Admin.Users;

/// <summary>
/// Confirms resetting a person's password, then shows the temporary one once, in the answer to the POST (not in a URL,
/// not stored but as a hash, never cached; reloading makes a new one rather than showing this one again).
/// </summary>
public sealed class ResetPasswordModel(UserAdmin admin) : UserPage(admin)
{
    public string? TemporaryPassword { get; private set; }

    public async Task<IActionResult> OnGetAsync(string userId, CancellationToken cancellationToken) =>
        await LoadAsync(userId, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string userId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(userId, cancellationToken))
        {
            return NotFound();
        }
        Response.Headers.CacheControl = "no-cache, no-store"; // What antiforgery sets too; "no-store" alone makes it log a warning per page.
        TemporaryPassword = await Admin.ResetPasswordAsync(userId, cancellationToken);
        return TemporaryPassword is null ? Done(UserAdmin.Outcome.Gone, "") : Page();
    }
}

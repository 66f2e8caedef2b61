using LlmPages.Admin;
using Microsoft.AspNetCore.Mvc;

namespace LlmPages.Pages.Admin.Users;

/// <summary>Confirms deactivating a person without JavaScript: they are signed out at once and their replies stop.</summary>
public sealed class DeactivateModel(UserAdmin admin) : UserPage(admin)
{
    public async Task<IActionResult> OnGetAsync(string userId, CancellationToken cancellationToken) =>
        await LoadAsync(userId, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string userId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(userId, cancellationToken))
        {
            return NotFound();
        }
        return Done(await Admin.DeactivateAsync(userId, cancellationToken),
            $"{Wording.Quote(Person.DisplayName)} is deactivated: they were signed out everywhere and cannot log in until reactivated.");
    }
}

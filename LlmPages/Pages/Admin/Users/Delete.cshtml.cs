using LlmPages.Admin;
using LlmPages.Profile;
using Microsoft.AspNetCore.Mvc;

namespace LlmPages.Pages.Admin.Users;

/// <summary>Confirms deleting a person and everything that is theirs (<see cref="AccountDeletion"/>), without JavaScript.</summary>
public sealed class DeleteModel(UserAdmin admin, AccountDeletion deletion) : UserPage(admin)
{
    public (int Chats, int Messages) Counts { get; private set; }

    public async Task<IActionResult> OnGetAsync(string userId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(userId, cancellationToken))
        {
            return NotFound();
        }
        Counts = await deletion.CountAsync(userId, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string userId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(userId, cancellationToken))
        {
            return NotFound();
        }
        return Done(await Admin.DeleteAsync(userId, cancellationToken),
            $"Deleted {Wording.Quote(Person.DisplayName)} and all their data.", "/admin/users");
    }
}

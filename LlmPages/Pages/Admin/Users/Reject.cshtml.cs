using LlmPages.Admin;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;

namespace LlmPages.Pages.Admin.Users;

/// <summary>Confirms rejecting an account that awaits approval (it is deleted), without JavaScript.</summary>
public sealed class RejectModel(UserAdmin admin) : UserPage(admin)
{
    public async Task<IActionResult> OnGetAsync(string userId, CancellationToken cancellationToken) =>
        await LoadAsync(userId, cancellationToken) && Person.AwaitingApproval ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string userId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(userId, cancellationToken))
        {
            return NotFound();
        }
        if (await Admin.RejectAsync(userId, cancellationToken) != UserAdmin.Outcome.Done)
        {
            TempData.FlashError("That account no longer waits for approval: another admin approved or rejected it.");
            return Redirect("/admin/users?state=pending");
        }
        TempData.Flash($"Rejected {Wording.Quote(Person.DisplayName)}: their account is deleted.");
        return Redirect("/admin/users?state=pending");
    }
}

using LlmPages.Accounts;
using LlmPages.Profile;
using LlmPages.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Profile;

/// <summary>
/// Deletes the person's account and all its data, after their password: a page that asks (which works without
/// JavaScript; with it, the form also asks in a dialog). The last active admin is refused.
/// </summary>
[Authorize]
public sealed class DeleteModel(AccountChanges account, AccountDeletion deletion, SignInManager<Data.Entities.AppUser> signIn) : PageModel
{
    [BindProperty]
    public DeleteAccountInput Input { get; set; } = new();

    public (int Chats, int Messages) Counts { get; private set; }

    public bool IsLastAdmin { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await account.FindAsync(User) is not { } user)
        {
            return Challenge();
        }
        if (ModelState.IsValid && await account.CheckPasswordAsync(user, Input.Password, "That is not your password. Your account is not deleted.") is { } wrong)
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.Password)}", wrong);
        }
        if (ModelState.IsValid)
        {
            switch (await deletion.DeleteAsync(user.Id, cancellationToken))
            {
                case AccountDeletion.Outcome.LastAdmin:
                    ModelState.AddModelError("", LastAdminMessage);
                    break;
                default:
                    await signIn.SignOutAsync();
                    TempData.Flash("Your account and all its data are deleted.");
                    return Redirect("/account/login");
            }
        }
        Input = new DeleteAccountInput();
        await LoadAsync(cancellationToken);
        return this.PageWithErrors();
    }

    public const string LastAdminMessage =
        "You are the only active administrator, so your account cannot be deleted: nobody could manage the app. Make someone else an administrator first.";

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var userId = User.UserId()!;
        Counts = await deletion.CountAsync(userId, cancellationToken);
        IsLastAdmin = await deletion.IsLastAdminAsync(userId, cancellationToken);
    }
}

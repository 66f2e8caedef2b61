using LlmPages.Accounts;
using LlmPages.Profile;
using LlmPages.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Profile;

/// <summary>The person's profile: name and e-mail, links to the password and to deleting the account, this month's usage.</summary>
[Authorize]
public sealed class IndexModel(AccountChanges account, MonthlyUsage usage) : PageModel
{
    [BindProperty]
    public DetailsInput Input { get; set; } = new();

    public MonthlyUsage.Report Usage { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await account.FindAsync(User) is not { } user)
        {
            return Challenge();
        }
        Input = new DetailsInput { DisplayName = user.DisplayName, Email = user.Email ?? "" };
        Usage = await usage.ThisMonthAsync(user.Id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await account.FindAsync(User) is not { } user)
        {
            return Challenge();
        }
        if (ModelState.IsValid)
        {
            var emailChanges = !string.Equals(Input.Email.Trim(), user.Email, StringComparison.Ordinal);
            var errors = await account.ChangeDetailsAsync(user, User, Input, nameof(Input));
            foreach (var (field, message) in errors.List)
            {
                ModelState.AddModelError(field, message);
            }
            if (!errors.Any)
            {
                TempData.Flash(emailChanges
                    ? "Your details are saved. Every other device you were signed in on is signed out: sign in there with your new address."
                    : "Your details are saved.");
                return Redirect("/profile");
            }
        }
        Input.CurrentPassword = null; // a password is never sent back
        Usage = await usage.ThisMonthAsync(user.Id, cancellationToken);
        return this.PageWithErrors();
    }
}

using LlmPages.Profile;
using LlmPages.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Profile;

/// <summary>Changes the password (the current one first); this browser stays signed in, every other session ends.</summary>
[Authorize]
public sealed class PasswordModel(AccountChanges account) : PageModel
{
    [BindProperty]
    public PasswordInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await account.FindAsync(User) is not { } user)
        {
            return Challenge();
        }
        if (ModelState.IsValid)
        {
            var errors = await account.ChangePasswordAsync(user, User, Input, nameof(Input));
            foreach (var (field, message) in errors.List)
            {
                ModelState.AddModelError(field, message);
            }
            if (!errors.Any)
            {
                TempData.Flash("Your password is changed. Every other device you were signed in on is signed out.");
                return Redirect("/profile");
            }
        }
        Input = new PasswordInput(); // passwords are never sent back
        return this.PageWithErrors();
    }
}

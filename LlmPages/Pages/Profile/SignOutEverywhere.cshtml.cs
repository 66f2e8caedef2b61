using LlmPages.Accounts;
using LlmPages.Profile;
using LlmPages.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Profile;

/// <summary>Ends every session of the person, this one included. GET asks (without JavaScript); POST does it.</summary>
[Authorize]
public sealed class SignOutEverywhereModel(AccountChanges account) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await account.SignOutEverywhereAsync(User.UserId()!);
        TempData.Flash("You are signed out on every device.");
        return Redirect("/account/login");
    }
}

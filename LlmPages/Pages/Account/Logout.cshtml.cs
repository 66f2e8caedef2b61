using LlmPages.Accounts;
using LlmPages.Admin.Audit;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Account;

/// <summary>GET asks (a link never signs anyone out); POST signs out.</summary>
public sealed class LogoutModel(SignInManager<AppUser> signIn, AuditLog audit) : PageModel
{
    public IActionResult OnGet() =>
        User.Identity?.IsAuthenticated == true ? Page() : LocalRedirect("/account/login");

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.UserId() is { } userId)
        {
            await audit.RecordAsync("sign-out", nameof(AppUser), userId);
        }
        await signIn.SignOutAsync();
        TempData.Flash("You are logged out.");
        return LocalRedirect("/account/login");
    }
}

using System.ComponentModel.DataAnnotations;
using LlmPages.Accounts;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace LlmPages.Pages.Account;

[AllowAnonymous]
[EnableRateLimiting(RateLimits.Auth)]
public sealed partial class LoginModel(
    SignInManager<AppUser> signIn,
    UserManager<AppUser> users,
    IOptions<AccountsOptions> accounts,
    TimeProvider clock,
    ILogger<LoginModel> logger) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public AccountsOptions Policy => accounts.Value;

    public IActionResult OnGet() =>
        User.Identity?.IsAuthenticated == true ? LocalRedirect(SafeReturnUrl) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByEmailAsync(Input.Email);
        var result = user is null
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: true);

        if (result.Succeeded)
        {
            user!.LastSignInAt = clock.GetUtcNow().UtcDateTime;
            await users.UpdateAsync(user);
            LogSignedIn(logger, user.Id);
            return LocalRedirect(SafeReturnUrl);
        }

        if (result.IsLockedOut)
        {
            LogLockedOut(logger, user!.Id);
            ModelState.AddModelError(string.Empty, LockoutMessage(user.LockoutEnd));
        }
        else if (result.IsNotAllowed)
        {
            ModelState.AddModelError(string.Empty, "This account has been deactivated. Ask an administrator to turn it back on.");
        }
        else
        {
            ModelState.AddModelError(string.Empty, "The e-mail address or password is not right. Check them and try again.");
        }
        return Page();
    }

    private string SafeReturnUrl => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";

    private string LockoutMessage(DateTimeOffset? lockoutEnd)
    {
        var minutes = (int)Math.Ceiling(Policy.LockoutDuration.TotalMinutes);
        var until = lockoutEnd is { } end ? $" (until {end.UtcDateTime:HH:mm} UTC)" : "";
        return $"This account is locked for {minutes} {(minutes == 1 ? "minute" : "minutes")}{until} after " +
               $"{Policy.MaxFailedAttempts} failed sign-in attempts. Wait, then try again.";
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your e-mail address.")]
        [EmailAddress(ErrorMessage = "Enter an e-mail address like name@example.com.")]
        [StringLength(256, ErrorMessage = "An e-mail address is at most 256 characters.")]
        [Display(Name = "E-mail address")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [StringLength(128, ErrorMessage = "A password is at most 128 characters.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        [Display(Name = "Keep me signed in on this device")]
        public bool RememberMe { get; set; }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "User {UserId} signed in")]
    private static partial void LogSignedIn(ILogger logger, string userId);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "User {UserId} is locked out after failed sign-ins")]
    private static partial void LogLockedOut(ILogger logger, string userId);
}

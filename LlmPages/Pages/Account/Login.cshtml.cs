using System.ComponentModel.DataAnnotations;
using LlmPages.Accounts;
using LlmPages.Admin.Audit;
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
    AppSignInManager signIn,
    UserManager<AppUser> users,
    IOptions<AccountsOptions> accounts,
    TimeProvider clock,
    AuditLog audit,
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

        var (result, user) = await signIn.PasswordSignInByEmailAsync(Input.Email, Input.Password, Input.RememberMe);
        if (result.Succeeded)
        {
            user!.LastSignInAt = clock.GetUtcNow().UtcDateTime;
            audit.Add("sign-in", nameof(AppUser), user.Id, actorId: user.Id);
            await users.UpdateAsync(user);
            LogSignedIn(logger, user.Id);
            return LocalRedirect(SafeReturnUrl);
        }

        // One row whatever the reason, so that recording costs the same for every refusal and the time still tells
        // nobody whether the address has an account (the sign-in timing bench).
        await audit.RecordAsync("sign-in.failed", nameof(AppUser), user?.Id, FailureDetails(result, user), actorId: user?.Id);

        // Only the right password gets here with NotAllowed. Everything else, whether or not the address has an
        // account and whether or not it is locked, gets the same words: the form must not tell who has an account.
        ModelState.AddModelError(string.Empty, !result.IsNotAllowed ? NotSignedInMessage
            : user!.AwaitingApproval ? "Your account awaits an administrator's approval. You can log in once it is approved."
            : "This account has been deactivated. Ask an administrator to turn it back on.");
        return Page();
    }

    /// <summary>For the admin: the address typed and why it was refused (never the password).</summary>
    private string FailureDetails(Microsoft.AspNetCore.Identity.SignInResult result, AppUser? user) =>
        $"E-mail address: {Input.Email}. " + (user is null ? "No account has this address."
            : result.IsLockedOut ? "The account is locked."
            : result.IsNotAllowed ? "The account is deactivated."
            : "Wrong password.");

    private string SafeReturnUrl => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";

    private string NotSignedInMessage
    {
        get
        {
            var minutes = (int)Math.Ceiling(Policy.LockoutDuration.TotalMinutes);
            return "The e-mail address or password is not right. Check them and try again. " +
                   $"After {Policy.MaxFailedAttempts} wrong passwords in a row an account is locked for {minutes} {(minutes == 1 ? "minute" : "minutes")}, " +
                   "and until then even the right password is refused.";
        }
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
}

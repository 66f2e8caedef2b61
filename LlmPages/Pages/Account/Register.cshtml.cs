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
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Pages.Account;

[AllowAnonymous]
[EnableRateLimiting(RateLimits.Auth)]
public sealed class RegisterModel(UserRegistration registration, RegistrationSettings settings, UserManager<AppUser> users, SignInManager<AppUser> signIn) : PageModel
{
    /// <summary>The mode in force; Open when this would be the very first account (which can always register).</summary>
    public RegistrationMode Mode { get; private set; }

    /// <summary>Set after a registration that now waits for an admin's approval.</summary>
    public bool Pending { get; private set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return LocalRedirect("/");
        }
        await ReadModeAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await ReadModeAsync(cancellationToken);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await registration.RegisterAsync(Input.Email.Trim(), Input.DisplayName, Input.Password, cancellationToken);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(FieldFor(error), MessageFor(error));
            }
            return Page();
        }

        if (result.AwaitsApproval)
        {
            Pending = true;
            return Page();
        }
        await signIn.SignInAsync(result.User!, isPersistent: false);
        TempData.Flash($"Welcome, {result.User!.DisplayName}. Your account is ready.");
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }

    private async Task ReadModeAsync(CancellationToken cancellationToken) =>
        Mode = await users.Users.AnyAsync(cancellationToken) ? await settings.ModeAsync(cancellationToken) : RegistrationMode.Open;

    private static string FieldFor(IdentityError error) => error.Code switch
    {
        "DuplicateEmail" or "DuplicateUserName" or "InvalidEmail" or "InvalidUserName" => "Input.Email",
        _ when error.Code.StartsWith("Password", StringComparison.Ordinal) => "Input.Password",
        _ => string.Empty,
    };

    private static string MessageFor(IdentityError error) => error.Code switch
    {
        "DuplicateEmail" or "DuplicateUserName" => "An account with this e-mail address already exists. Log in instead, or use another address.",
        "InvalidEmail" or "InvalidUserName" => "Enter an e-mail address like name@example.com.",
        _ => error.Description,
    };

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the name other people and the app will call you.")]
        [StringLength(100, ErrorMessage = "A display name is at most 100 characters.")]
        [RegularExpression(@".*\S.*", ErrorMessage = "A display name needs at least one visible character.")]
        [Display(Name = "Display name")]
        public string DisplayName { get; set; } = "";

        [Required(ErrorMessage = "Enter your e-mail address.")]
        [EmailAddress(ErrorMessage = "Enter an e-mail address like name@example.com.")]
        [StringLength(256, ErrorMessage = "An e-mail address is at most 256 characters.")]
        [Display(Name = "E-mail address")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Choose a password.")]
        [StringLength(128, MinimumLength = 8, ErrorMessage = "A password needs 8 to 128 characters.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Type the password again.")]
        [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same.")]
        [DataType(DataType.Password)]
        [Display(Name = "Confirm password")]
        public string ConfirmPassword { get; set; } = "";
    }
}

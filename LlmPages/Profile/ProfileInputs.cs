using System.ComponentModel.DataAnnotations;

namespace LlmPages.Profile;

/// <summary>The profile's details form: the same rules as registration's.</summary>
public sealed class DetailsInput
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

    /// <summary>Needed only to change the e-mail address, which is what signing in asks for.</summary>
    [StringLength(128, ErrorMessage = "That is not your current password.")]
    [DataType(DataType.Password)]
    [Display(Name = "Current password")]
    public string? CurrentPassword { get; set; }
}

/// <summary>The change-password form.</summary>
public sealed class PasswordInput
{
    [Required(ErrorMessage = "Enter your current password.")]
    [StringLength(128, ErrorMessage = "That is not your current password.")]
    [DataType(DataType.Password)]
    [Display(Name = "Current password")]
    public string CurrentPassword { get; set; } = "";

    [Required(ErrorMessage = "Choose a new password.")]
    [StringLength(128, MinimumLength = 8, ErrorMessage = "A password needs 8 to 128 characters.")]
    [DataType(DataType.Password)]
    [Display(Name = "New password")]
    public string NewPassword { get; set; } = "";

    [Required(ErrorMessage = "Type the new password again.")]
    [Compare(nameof(NewPassword), ErrorMessage = "The two new passwords are not the same.")]
    [DataType(DataType.Password)]
    [Display(Name = "Confirm new password")]
    public string ConfirmPassword { get; set; } = "";
}

/// <summary>Deleting the account: the password, to be sure it is the owner asking.</summary>
public sealed class DeleteAccountInput
{
    [Required(ErrorMessage = "Enter your password to delete your account.")]
    [StringLength(128, ErrorMessage = "That is not your password.")]
    [DataType(DataType.Password)]
    [Display(Name = "Your password")]
    public string Password { get; set; } = "";
}

using System.ComponentModel.DataAnnotations;
using LlmPages.Accounts;

namespace LlmPages.Admin;

/// <summary>The admin's "Add a person" form.</summary>
public sealed class NewUserInput
{
    [Required(ErrorMessage = "Enter the person's display name.")]
    [StringLength(100, ErrorMessage = "A display name is at most 100 characters.")]
    [RegularExpression(@".*\S.*", ErrorMessage = "A display name needs at least one visible character.")]
    [Display(Name = "Display name")]
    public string DisplayName { get; set; } = "";

    [Required(ErrorMessage = "Enter the person's e-mail address.")]
    [EmailAddress(ErrorMessage = "Enter an e-mail address like name@example.com.")]
    [StringLength(256, ErrorMessage = "An e-mail address is at most 256 characters.")]
    [Display(Name = "E-mail address")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Choose a role.")]
    [RegularExpression("^(Admin|User)$", ErrorMessage = "Choose Admin or User.")]
    public string Role { get; set; } = Roles.User;

    /// <summary>Empty: one is made up. Either way the person must change it at their first sign-in.</summary>
    [StringLength(128, ErrorMessage = "A password is at most 128 characters.")]
    [DataType(DataType.Password)]
    [Display(Name = "Temporary password")]
    public string? TemporaryPassword { get; set; }
}

/// <summary>The admin's edit form: role and monthly token quota.</summary>
public sealed class UserSettingsInput
{
    [Required(ErrorMessage = "Choose a role.")]
    [RegularExpression("^(Admin|User)$", ErrorMessage = "Choose Admin or User.")]
    public string Role { get; set; } = Roles.User;

    /// <summary>Null (empty) means unlimited.</summary>
    [Range(0, UserAdmin.MaxQuota, ErrorMessage = "The monthly token quota must be a whole number from 0 to 1000000000000, or empty for no limit.")]
    [Display(Name = "Monthly token quota")]
    public long? MonthlyTokenQuota { get; set; }
}

// TEMP: replaced by the data-model branch.
using Microsoft.AspNetCore.Identity;
namespace LlmPages.Data;
public class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime? LastSignInAt { get; set; }
}

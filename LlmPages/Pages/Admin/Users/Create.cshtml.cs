using LlmPages.Accounts;
using LlmPages.Admin;
using LlmPages.Data.Entities;
using LlmPages.Pages.Settings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Admin.Users;

/// <summary>
/// Adds a person with a temporary password. The password is shown once, in the answer to the POST itself (not in a
/// URL, not stored but as a hash, never cached): reloading asks to send the form again, which the taken address refuses.
/// </summary>
public sealed class CreateModel(UserAdmin admin) : PageModel
{
    /// <summary>The role as radio buttons (a select that must have a value would need an empty first option).</summary>
    public static Choices RoleChoices(string? selected, string? hint) => new("Input.Role", "Role", hint, selected ?? Roles.User,
        [(Roles.User, "User: chats"), (Roles.Admin, "Admin: also manages providers, models and people")]);

    [BindProperty]
    public NewUserInput Input { get; set; } = new();

    /// <summary>After the account is made: who, and the password to pass on.</summary>
    public AppUser? Added { get; private set; }

    public string? TemporaryPassword { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-cache, no-store"; // What antiforgery sets too; "no-store" alone makes it log a warning per page.
        if (ModelState.IsValid)
        {
            var created = await admin.CreateAsync(Input, nameof(Input), cancellationToken);
            foreach (var (field, message) in created.Errors)
            {
                ModelState.AddModelError(field, message);
            }
            (Added, TemporaryPassword) = (created.User, created.TemporaryPassword);
        }
        Input.TemporaryPassword = null; // a password is never sent back in a form
        if (Added is null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return Page();
    }
}

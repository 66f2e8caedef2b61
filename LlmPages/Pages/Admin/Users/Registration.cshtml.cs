using LlmPages.Accounts;
using LlmPages.Admin;
using LlmPages.Pages.Settings;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Admin.Users;

/// <summary>Who may register: open, with an admin's approval, or closed. Stored in the database, for every instance.</summary>
public sealed class RegistrationModel(RegistrationSettings settings, UserAdmin admin) : PageModel
{
    [BindProperty]
    public string? Mode { get; set; }

    public Choices ModeChoices => new(nameof(Mode), "Who may create an account", null, Mode ?? "",
    [
        (nameof(RegistrationMode.Open), "Anyone: new accounts can be used at once"),
        (nameof(RegistrationMode.Approval), "Anyone, but an admin approves each new account first"),
        (nameof(RegistrationMode.Closed), "No one: admins add people on the Users page"),
    ]);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Mode = (await settings.ModeAsync(cancellationToken)).ToString();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<RegistrationMode>(Mode, out var mode) || !Enum.IsDefined(mode) || !char.IsUpper(Mode![0]))
        {
            ModelState.AddModelError(nameof(Mode), "Choose who may create an account: anyone, anyone with an admin's approval, or no one.");
            return this.PageWithErrors();
        }
        await admin.SetRegistrationModeAsync(mode, cancellationToken);
        TempData.Flash(mode switch
        {
            RegistrationMode.Open => "Registration is open: anyone can create an account.",
            RegistrationMode.Approval => "Registration needs approval: new accounts wait on the Users page until an admin approves them.",
            _ => "Registration is closed: only admins can add people.",
        });
        return Redirect("/admin/users/registration");
    }
}

using LlmPages.Accounts;
using LlmPages.Admin;
using LlmPages.Api.Keys;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;

namespace LlmPages.Pages.Admin.Users;

/// <summary>One person: their role and monthly token quota, their API access, and the ways to reactivate, deactivate, reset or delete them.</summary>
public sealed class EditModel(UserAdmin admin, UserList list, ApiKeyAccess access) : UserPage(admin)
{
    [BindProperty]
    public UserSettingsInput Input { get; set; } = new();

    public long TokensThisMonth { get; private set; }

    public async Task<IActionResult> OnGetAsync(string userId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(userId, cancellationToken))
        {
            return NotFound();
        }
        Input = new UserSettingsInput { Role = IsAdmin ? Roles.Admin : Roles.User, MonthlyTokenQuota = Person.MonthlyTokenQuota };
        TokensThisMonth = await list.TokensThisMonthAsync(userId, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string userId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(userId, cancellationToken))
        {
            return NotFound();
        }
        if (ModelState.IsValid)
        {
            var roleChanges = (Input.Role == Roles.Admin) != IsAdmin;
            if (roleChanges && await Admin.ChangeRoleAsync(userId, Input.Role, cancellationToken) is var roleOutcome and not UserAdmin.Outcome.Done)
            {
                if (roleOutcome == UserAdmin.Outcome.Gone)
                {
                    return Done(roleOutcome, "");
                }
                ModelState.AddModelError("Input.Role", $"{Person.DisplayName} {LastAdminMessage}");
            }
            else
            {
                var quotaOutcome = Input.MonthlyTokenQuota == Person.MonthlyTokenQuota ? UserAdmin.Outcome.Done
                    : await Admin.SetQuotaAsync(userId, Input.MonthlyTokenQuota, cancellationToken);
                return Done(quotaOutcome, $"Saved the changes to {Wording.Quote(Person.DisplayName)}."
                    + (roleChanges ? $" They are now {(Input.Role == Roles.Admin ? "an admin" : "a user")}, and were signed out everywhere to take it up." : ""));
            }
        }
        TokensThisMonth = await list.TokensThisMonthAsync(userId, cancellationToken);
        return this.PageWithErrors();
    }

    /// <summary>Turns the person's API access on (<c>apiAccess=on</c>) or off (anything else): off, their keys are refused at once.</summary>
    public async Task<IActionResult> OnPostApiAccessAsync(string userId, string? apiAccess, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(userId, cancellationToken))
        {
            return NotFound();
        }
        var on = apiAccess == "on";
        return Done(await access.SetForPersonAsync(userId, on, cancellationToken) ? UserAdmin.Outcome.Done : UserAdmin.Outcome.Gone,
            on ? $"API access is on for {Wording.Quote(Person.DisplayName)}: their keys work again (unless API access is off for everyone)."
                : $"API access is off for {Wording.Quote(Person.DisplayName)}: their keys are refused from now on, and they cannot make new ones.");
    }

    public async Task<IActionResult> OnPostReactivateAsync(string userId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(userId, cancellationToken))
        {
            return NotFound();
        }
        return Done(await Admin.ReactivateAsync(userId, cancellationToken),
            $"{Wording.Quote(Person.DisplayName)} is active again and can log in.");
    }
}

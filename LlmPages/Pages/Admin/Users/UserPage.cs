using LlmPages.Admin;
using LlmPages.Data.Entities;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Admin.Users;

/// <summary>What the pages about one person share: loading them by the route's <c>userId</c> (404 when there is none), and the words for a refusal.</summary>
public abstract class UserPage(UserAdmin admin) : PageModel
{
    public const string LastAdminMessage = "is the only active admin. Make another person an admin first, so that someone can still manage this server.";

    public AppUser Person { get; private set; } = null!;

    public bool IsAdmin { get; private set; }

    /// <summary>The only active admin: the pages say up front that they cannot be demoted, deactivated or deleted.</summary>
    public bool IsLastAdmin { get; private set; }

    protected UserAdmin Admin => admin;

    protected async Task<bool> LoadAsync(string userId, CancellationToken cancellationToken)
    {
        if (await admin.FindAsync(userId, cancellationToken) is not { } person)
        {
            return false;
        }
        Person = person;
        IsAdmin = await admin.IsAdminAsync(userId, cancellationToken);
        IsLastAdmin = IsAdmin && person.IsActive && await admin.IsLastActiveAdminAsync(userId, cancellationToken);
        return true;
    }

    /// <summary>After an action: to the person's page (or the list if they are gone), with a flash saying what happened.</summary>
    protected IActionResult Done(UserAdmin.Outcome outcome, string done, string? to = null)
    {
        switch (outcome)
        {
            case UserAdmin.Outcome.Done:
                TempData.Flash(done);
                return Redirect(to ?? $"/admin/users/{Person.Id}/edit");
            case UserAdmin.Outcome.LastAdmin:
                TempData.FlashError($"Nothing changed: {Wording.Quote(Person.DisplayName)} {LastAdminMessage}");
                return Redirect($"/admin/users/{Person.Id}/edit");
            default:
                TempData.FlashError($"{Wording.Quote(Person.DisplayName)} was deleted in the meantime.");
                return Redirect("/admin/users");
        }
    }
}

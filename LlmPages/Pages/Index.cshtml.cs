using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages;

/// <summary>The start page: what LlmPages is for visitors; the account at a glance for a signed-in user.</summary>
public sealed class IndexModel(UserManager<AppUser> users) : PageModel
{
    public AppUser? Account { get; private set; }
    public IList<string> AccountRoles { get; private set; } = [];

    public async Task OnGetAsync()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            Account = await users.GetUserAsync(User);
            if (Account is not null)
            {
                AccountRoles = await users.GetRolesAsync(Account);
            }
        }
    }
}

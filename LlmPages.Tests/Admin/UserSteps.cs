using LlmPages.Data.Entities;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.Admin;

/// <summary>The admin's Users pages, done through their real forms.</summary>
public static class UserSteps
{
    /// <summary>Runs <paramref name="work"/> with the app's services, in a scope of its own (as one request would).</summary>
    public static async Task<T> WithScopeAsync<T>(this AppFactory app, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public static Task<AppUser?> UserByEmailAsync(this AppFactory app, string email) =>
        app.WithDbAsync(db => db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedEmail == email.ToUpperInvariant()));

    public static async Task<HtmlPage> AddPersonAsync(this HtmlClient admin, string email, string name = "Added Person", string role = "User", string password = "")
    {
        var form = await admin.GetAsync("/admin/users/new");
        return await admin.SubmitAsync(form, "main form", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = name,
            ["Input.Email"] = email,
            ["Input.Role"] = role,
            ["Input.TemporaryPassword"] = password,
        });
    }

    public static async Task<HtmlPage> SaveUserAsync(this HtmlClient admin, string userId, string role, string quota)
    {
        var form = await admin.GetAsync($"/admin/users/{userId}/edit");
        return await admin.SubmitAsync(form, "main form.form", new Dictionary<string, string>
        {
            ["Input.Role"] = role,
            ["Input.MonthlyTokenQuota"] = quota,
        });
    }

    /// <summary>Opens a confirmation page (deactivate, reset-password, delete, reject) and submits it.</summary>
    public static async Task<HtmlPage> ConfirmAsync(this HtmlClient admin, string userId, string action)
    {
        var confirm = await admin.GetAsync($"/admin/users/{userId}/{action}");
        return await admin.SubmitAsync(confirm, "main form[data-confirm]");
    }

    /// <summary>Signs in with a temporary password and replaces it, as the forced change-password page asks.</summary>
    public static async Task<HtmlPage> ChangeTemporaryPasswordAsync(this HtmlClient client, string temporary, string chosen = Infrastructure.Accounts.Password)
    {
        var form = await client.GetAsync("/profile/password");
        return await client.SubmitAsync(form, "main form", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = temporary,
            ["Input.NewPassword"] = chosen,
            ["Input.ConfirmPassword"] = chosen,
        });
    }
}

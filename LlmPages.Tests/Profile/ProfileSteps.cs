using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Profile;

public static class ProfileSteps
{
    public static async Task<HtmlPage> SaveDetailsAsync(this HtmlClient client, IReadOnlyDictionary<string, string> values)
    {
        var page = await client.GetAsync("/profile");
        return await client.SubmitAsync(page, "main form", values);
    }

    public static async Task<HtmlPage> ChangePasswordAsync(this HtmlClient client, string current, string next, string? confirm = null)
    {
        var page = await client.GetAsync("/profile/password");
        return await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = current,
            ["Input.NewPassword"] = next,
            ["Input.ConfirmPassword"] = confirm ?? next,
        });
    }

    public static async Task<HtmlPage> DeleteAccountAsync(this HtmlClient client, string password)
    {
        var page = await client.GetAsync("/profile/delete");
        return await client.SubmitAsync(page, "main form", new Dictionary<string, string> { ["Input.Password"] = password });
    }

    public static Task<string> UserIdAsync(this AppFactory app, string email) =>
        app.WithDbAsync(db => db.Users.Where(u => u.NormalizedEmail == email.ToUpperInvariant()).Select(u => u.Id).SingleAsync());
}

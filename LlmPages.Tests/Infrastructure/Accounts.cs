namespace LlmPages.Tests.Infrastructure;

/// <summary>Account steps the tests share, done through the real forms.</summary>
public static class Accounts
{
    public const string Password = "correct horse battery";

    public static string NewEmail(string who = "user") => $"{who}-{Guid.NewGuid():N}@example.test";

    public static async Task<HtmlPage> RegisterAsync(this HtmlClient client, string email, string displayName = "Test Person", string password = Password)
    {
        var form = await client.GetAsync("/account/register");
        return await client.SubmitAsync(form, "main form", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = displayName,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });
    }

    public static async Task<HtmlPage> LoginAsync(this HtmlClient client, string email, string password = Password)
    {
        var form = await client.GetAsync("/account/login");
        return await client.SubmitAsync(form, "main form", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
    }

    public static async Task<HtmlPage> LogoutAsync(this HtmlClient client)
    {
        var home = await client.GetAsync("/");
        return await client.SubmitAsync(home, "form[action='/account/logout']");
    }

    /// <summary>The configured admin, signed in, and a newly registered plain user, signed in.</summary>
    public static async Task<(HtmlClient Admin, HtmlClient User)> AdminAndUserAsync(this AppFactory app)
    {
        var admin = app.CreateHtmlClient();
        await admin.LoginAsync(AppFactory.AdminEmail);
        var user = app.CreateHtmlClient();
        await user.RegisterAsync(NewEmail("user"), "Uma User");
        return (admin, user);
    }
}

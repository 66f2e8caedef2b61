using System.Net;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Profile;

namespace LlmPages.Tests.Admin;

/// <summary>Registration open, with an admin's approval, or closed: chosen by an admin, stored, defaulting to configuration.</summary>
public sealed class RegistrationModeTests
{
    private static async Task<HtmlPage> SetModeAsync(HtmlClient admin, string mode)
    {
        var form = await admin.GetAsync("/admin/users/registration");
        return await admin.SubmitAsync(form, "main form", new Dictionary<string, string> { ["Mode"] = mode });
    }

    [Fact]
    public async Task WithApprovalANewAccountWaitsUntilAnAdminApprovesIt()
    {
        await using var app = new AppFactory();
        using var admin = app.CreateHtmlClient();
        await admin.LoginAsync(AppFactory.AdminEmail);
        Assert.Contains("new accounts wait", (await SetModeAsync(admin, "Approval")).Text("#flash"), StringComparison.Ordinal);
        var email = Infrastructure.Accounts.NewEmail("waiting");
        using var person = app.CreateHtmlClient();

        var registered = await person.RegisterAsync(email, "Wai Ting");

        Assert.Contains("Your account awaits approval", registered.Text("main .alert--info"), StringComparison.Ordinal);
        Assert.Equal("/account/login", (await person.GetAsync("/chat")).Url.AbsolutePath);
        var refused = await person.LoginAsync(email);
        Assert.Contains("awaits an administrator's approval", refused.Text("[role=alert]"), StringComparison.Ordinal);
        // Someone without the password learns nothing.
        Assert.DoesNotContain("approval", (await person.LoginAsync(email, "not the password")).Text("[role=alert]"), StringComparison.Ordinal);

        var queue = await admin.GetAsync("/admin/users?state=pending");
        Assert.Equal("Wai Ting", queue.Text("main tbody th"));
        Assert.Contains("1 account awaits approval", (await admin.GetAsync("/admin/users")).Text("main .alert--info"), StringComparison.Ordinal);
        var approved = await admin.SubmitAsync(queue, "main tbody form[action*='handler=Approve']");
        Assert.Contains("Approved “Wai Ting”", approved.Text("#flash"), StringComparison.Ordinal);
        Assert.NotEqual("/account/login", (await person.LoginAsync(email)).Url.AbsolutePath);
        Assert.Equal("/chat", (await person.GetAsync("/chat")).Url.AbsolutePath);
    }

    [Fact]
    public async Task ARejectedAccountIsDeleted()
    {
        await using var app = new AppFactory();
        using var admin = app.CreateHtmlClient();
        await admin.LoginAsync(AppFactory.AdminEmail);
        await SetModeAsync(admin, "Approval");
        var email = Infrastructure.Accounts.NewEmail("rejected");
        using (var person = app.CreateHtmlClient())
        {
            await person.RegisterAsync(email, "Re Jected");
        }
        var userId = await app.UserIdAsync(email);

        var done = await admin.ConfirmAsync(userId, "reject");

        Assert.Contains("Rejected “Re Jected”", done.Text("#flash"), StringComparison.Ordinal);
        Assert.Null(await app.UserByEmailAsync(email));
        Assert.Equal("No accounts await approval", done.Text("main .empty-state h2"));
    }

    [Fact]
    public async Task WhenClosedTheRegisterPageSaysSoAndAPostIsRefused()
    {
        await using var app = new AppFactory();
        using var admin = app.CreateHtmlClient();
        await admin.LoginAsync(AppFactory.AdminEmail);
        await SetModeAsync(admin, "Closed");
        using var visitor = app.CreateHtmlClient();

        var page = await visitor.GetAsync("/account/register");
        var token = (await visitor.GetAsync("/account/login")).Find("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var email = Infrastructure.Accounts.NewEmail("closed");
        var posted = await visitor.PostAsync("/account/register", new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.DisplayName"] = "Shut Out",
            ["Input.Email"] = email,
            ["Input.Password"] = Infrastructure.Accounts.Password,
            ["Input.ConfirmPassword"] = Infrastructure.Accounts.Password,
        });

        Assert.Equal("Registration is closed", page.Text("main [role=alert] .alert__title"));
        Assert.Null(page.Find("main form"));
        Assert.Contains("Registration is closed", posted.Text("main"), StringComparison.Ordinal);
        Assert.Null(await app.UserByEmailAsync(email));
    }

    [Fact]
    public async Task AllowRegistrationFalseInConfigurationMeansClosedUntilAnAdminChooses()
    {
        await using var app = new AppFactory();
        app.Settings["LlmPages:Accounts:AllowRegistration"] = "false";
        using var admin = app.CreateHtmlClient();
        await admin.LoginAsync(AppFactory.AdminEmail);
        using var visitor = app.CreateHtmlClient();

        Assert.Equal("Registration is closed", (await visitor.GetAsync("/account/register")).Text("main [role=alert] .alert__title"));
        Assert.NotNull((await admin.GetAsync("/admin/users/registration")).Find("input[name=Mode][value=Closed][checked]"));

        await SetModeAsync(admin, "Open");
        var registered = await visitor.RegisterAsync(Infrastructure.Accounts.NewEmail("open-again"));
        Assert.NotEqual("/account/register", registered.Url.AbsolutePath);
    }

    [Fact]
    public async Task TheModeInConfigurationIsTheDefault()
    {
        await using var app = new AppFactory();
        app.Settings["LlmPages:Accounts:Registration"] = "Approval";
        using (var admin = app.CreateHtmlClient())
        {
            await admin.LoginAsync(AppFactory.AdminEmail); // the very first account is never held back
        }
        using var visitor = app.CreateHtmlClient();

        var registered = await visitor.RegisterAsync(Infrastructure.Accounts.NewEmail("configured"));

        Assert.Contains("Your account awaits approval", registered.Text("main .alert--info"), StringComparison.Ordinal);
    }

    [Fact]
    public void SettingBothRegistrationAndAllowRegistrationStopsTheAppAtStartWithTheReason()
    {
        using var misconfigured = new AppFactory();
        misconfigured.Settings["LlmPages:Accounts:Registration"] = "Open";
        misconfigured.Settings["LlmPages:Accounts:AllowRegistration"] = "false";

        var error = Assert.ThrowsAny<Exception>(() => misconfigured.Server);

        Assert.Contains("keep only Registration", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownModeIsRefusedNextToTheChoices()
    {
        await using var app = new AppFactory();
        using var admin = app.CreateHtmlClient();
        await admin.LoginAsync(AppFactory.AdminEmail);

        var page = await SetModeAsync(admin, "Sometimes");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains("Choose who may create an account", page.Text("#Mode-error"), StringComparison.Ordinal);
    }
}

using System.Net;
using LlmPages.Tests.Infrastructure;

namespace LlmPages.Tests.Web;

public sealed class AntiforgeryTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task APostWithoutTheTokenIsRejected()
    {
        using var client = app.CreateHtmlClient();
        await client.GetAsync("/account/login"); // has the antiforgery cookie, but will not send the token

        var page = await client.PostAsync("/account/login", new Dictionary<string, string>
        {
            ["Input.Email"] = AppFactory.AdminEmail,
            ["Input.Password"] = Infrastructure.Accounts.Password,
        });

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("may have expired", page.Text("main"));
        Assert.Null(page.Find(".site-user__name"));
    }

    [Fact]
    public async Task AnHtmxPostMaySendTheTokenAsAHeader()
    {
        using var client = app.CreateHtmlClient();
        var login = await client.GetAsync("/account/login");
        var token = System.Text.Json.JsonDocument.Parse(login.Find(".app")!.GetAttribute("hx-headers:inherited")!)
            .RootElement.GetProperty("RequestVerificationToken").GetString()!;

        var page = await client.PostAsync("/account/login", new Dictionary<string, string>
        {
            ["Input.Email"] = AppFactory.AdminEmail,
            ["Input.Password"] = Infrastructure.Accounts.Password,
        }, new Dictionary<string, string> { ["RequestVerificationToken"] = token, ["HX-Request"] = "true" });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Administrator", page.Text(".site-user__name"));
    }

    [Fact]
    public async Task LoggingOutWithoutTheTokenDoesNotLogOut()
    {
        using var client = app.CreateHtmlClient();
        await client.LoginAsync(AppFactory.AdminEmail);

        var page = await client.PostAsync("/account/logout", new Dictionary<string, string>());
        var home = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.NotNull(home.Find(".site-user__name"));
    }
}

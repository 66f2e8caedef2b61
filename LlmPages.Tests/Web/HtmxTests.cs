using System.Net;
using LlmPages.Tests.Infrastructure;

namespace LlmPages.Tests.Web;

public sealed class HtmxTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task APlainRequestGetsTheWholeDocument()
    {
        using var client = app.CreateHtmlClient();

        var page = await client.GetAsync("/account/login");

        Assert.StartsWith("<!DOCTYPE html>", page.Html.TrimStart(), StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(page.Find("head link[rel=stylesheet]"));
        Assert.NotNull(page.Find("a.skip-link[href='#main']"));
        Assert.NotNull(page.Find("main#main"));
        Assert.Equal("true", page.Find("body")!.GetAttribute("hx-boost:inherited"));
    }

    [Fact]
    public async Task AnHtmxRequestGetsTheBodyContentWithoutTheDocumentShell()
    {
        using var client = app.CreateHtmlClient();

        var page = await client.GetAsync("/account/login", htmx: true);

        Assert.DoesNotContain("<html", page.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"<head[\s>]", page.Html);
        Assert.DoesNotContain("<script", page.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Log in · LlmPages", page.Text("title"));
        Assert.NotNull(page.Find("main#main form"));
        Assert.Contains("HX-Request", page.Header("Vary"));
    }

    [Fact]
    public async Task ABoostedLoginFormWorksTheSameAsAPlainOne()
    {
        using var client = app.CreateHtmlClient();
        var form = await client.GetAsync("/account/login");

        var home = await client.SubmitAsync(form, "main form", new Dictionary<string, string>
        {
            ["Input.Email"] = AppFactory.AdminEmail,
            ["Input.Password"] = Infrastructure.Accounts.Password,
        }, htmx: true);

        Assert.Equal(HttpStatusCode.OK, home.Status);
        Assert.Equal("/", home.Url.AbsolutePath);
        Assert.Equal("Administrator", home.Text(".site-user__name"));
        Assert.DoesNotContain("<html", home.Html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ABoostedFormWithErrorsGetsTheFormBackWithItsMessages()
    {
        using var client = app.CreateHtmlClient();
        var form = await client.GetAsync("/account/register");

        var page = await client.SubmitAsync(form, "main form", htmx: true);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Find("#error-summary[role=alert]"));
        Assert.DoesNotContain("<html", page.Html, StringComparison.OrdinalIgnoreCase);
    }
}

using System.Net;
using LlmPages.Tests.Infrastructure;

namespace LlmPages.Tests.Web;

public sealed class ErrorPageTests : IDisposable
{
    private readonly AppFactory app = new();

    [Fact]
    public async Task AnUnknownAddressGetsAStyled404Page()
    {
        using var client = app.CreateHtmlClient();

        var page = await client.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal("Page not found", page.Text("h1"));
        Assert.NotNull(page.Find("link[rel=stylesheet]"));
        Assert.NotNull(page.Find("main#main"));
    }

    [Fact]
    public async Task OpeningAnErrorPageDirectlyAnswersWithItsStatus()
    {
        using var client = app.CreateHtmlClient();

        var page = await client.GetAsync("/error/403");

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal("You do not have access to this page", page.Text("h1"));
    }

    [Fact]
    public async Task AServerErrorShowsAStyledPageWithAReferenceAndNoStackTrace()
    {
        using var client = app.CreateHtmlClient();
        var form = await client.GetAsync("/account/login");

        DatabaseBreaker.Break(app);
        var page = await client.SubmitAsync(form, "main form", new Dictionary<string, string>
        {
            ["Input.Email"] = AppFactory.AdminEmail,
            ["Input.Password"] = Infrastructure.Accounts.Password,
        });

        Assert.Equal(HttpStatusCode.InternalServerError, page.Status);
        Assert.Equal("Something went wrong", page.Text("h1"));
        Assert.NotEmpty(page.Text("main code"));
        Assert.DoesNotContain("Exception", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("SQLite", page.Html, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The exception handler clears the failed response's headers before it renders the error page.</summary>
    [Fact]
    public async Task AServerErrorPageCarriesTheSecurityHeaders()
    {
        using var client = app.CreateHtmlClient();
        var form = await client.GetAsync("/account/login");

        DatabaseBreaker.Break(app);
        var page = await client.SubmitAsync(form, "main form", new Dictionary<string, string>
        {
            ["Input.Email"] = AppFactory.AdminEmail,
            ["Input.Password"] = Infrastructure.Accounts.Password,
        });

        Assert.Equal(HttpStatusCode.InternalServerError, page.Status);
        Assert.Contains("script-src 'self'", page.Header("Content-Security-Policy"));
        Assert.Equal("nosniff", page.Header("X-Content-Type-Options"));
        Assert.Equal("DENY", page.Header("X-Frame-Options"));
        Assert.Equal("same-origin", page.Header("Referrer-Policy"));
        Assert.Contains("HX-Request", page.Header("Vary"));
    }

    public void Dispose() => app.Dispose();
}

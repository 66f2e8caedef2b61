using System.Net;
using LlmPages.Tests.Infrastructure;

namespace LlmPages.Tests.Web;

public sealed class RateLimitTests : IDisposable
{
    private readonly AppFactory app = new();

    public RateLimitTests() => app.Settings["LlmPages:Web:AuthAttemptsPerWindow"] = "3";

    [Fact]
    public async Task TooManyLoginAttemptsGet429WithRetryAfterAndAReadablePage()
    {
        using var client = app.CreateHtmlClient();

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var allowed = await client.LoginAsync(Infrastructure.Accounts.NewEmail(), "wrong password");
            Assert.Equal(HttpStatusCode.OK, allowed.Status);
        }
        var refused = await client.LoginAsync(Infrastructure.Accounts.NewEmail(), "wrong password");

        Assert.Equal((HttpStatusCode)429, refused.Status);
        Assert.True(int.Parse(refused.Header("Retry-After")!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("Too many attempts", refused.Text("h1"));
        Assert.Contains("Try again in", refused.Text("main"));
        Assert.NotNull(refused.Find("link[rel=stylesheet]"));
    }

    [Fact]
    public async Task RegistrationIsLimitedTooButReadingTheFormsIsNot()
    {
        using var client = app.CreateHtmlClient();

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await client.RegisterAsync(Infrastructure.Accounts.NewEmail(), password: "short");
        }
        var refused = await client.RegisterAsync(Infrastructure.Accounts.NewEmail());
        var form = await client.GetAsync("/account/register");

        Assert.Equal((HttpStatusCode)429, refused.Status);
        Assert.Equal(HttpStatusCode.OK, form.Status);
    }

    public void Dispose() => app.Dispose();
}

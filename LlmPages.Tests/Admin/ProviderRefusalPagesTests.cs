using LlmPages.Data.Entities;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Infrastructure.FakeModels;
using LlmPages.Tests.Llm;

namespace LlmPages.Tests.Admin;

/// <summary>
/// "Test connection" and "Discover models" on a server that is up but refuses with an error of its own: the admin
/// reads what the server said (escaped, on one line), not a guess that nothing answers at the address.
/// </summary>
public sealed class ProviderRefusalPagesTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Said = "model listing is <b>disabled</b> on this gateway";

    [Theory]
    [InlineData(ProviderKind.OpenAiCompatible, 404, "404 Not Found")]
    [InlineData(ProviderKind.Anthropic, 404, "404 Not Found")]
    [InlineData(ProviderKind.Ollama, 404, "404 Not Found")]
    [InlineData(ProviderKind.OpenAiCompatible, 503, "503 Service Unavailable")]
    [InlineData(ProviderKind.Anthropic, 529, "529")]
    [InlineData(ProviderKind.Ollama, 400, "400 Bad Request")]
    public async Task AServerThatRefusesInItsOwnWordsIsQuotedOnBothPages(ProviderKind kind, int status, string statusText)
    {
        await using var server = await LlmServices.StartFakeAsync(kind);
        server.Script.FailWithStatus = status;
        server.Script.ErrorMessage = Said;
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Refusing");
        await admin.CreateProviderAsync(name, baseUrl: server.BaseUrl.ToString(), kind: kind);
        var provider = await app.ProviderAsync(name);
        var expected = $"The server answered {statusText}: “{Said}”.";

        var tested = await admin.SubmitAsync(await admin.GetAsync($"/admin/providers/{provider.Id}"), "form[action$='/test']");
        var discover = await admin.GetAsync($"/admin/providers/{provider.Id}/discover");

        Assert.Contains(expected, tested.Text("#flash"), StringComparison.Ordinal);
        Assert.Equal(expected, (await app.ProviderAsync(name)).LastHealthError);
        Assert.Contains(expected, discover.Text("main"), StringComparison.Ordinal);
        foreach (var page in new[] { tested, discover })
        {
            Assert.DoesNotContain("Nothing answers", page.Text("body"), StringComparison.Ordinal);
            Assert.DoesNotContain("<b>disabled</b>", page.Html, StringComparison.Ordinal);
        }
    }
}

using System.Net;
using LlmPages.Data.Entities;
using LlmPages.Jobs;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Infrastructure.FakeModels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.Admin;

/// <summary>"Test connection", "Discover models" and the health job, against a real fake model server.</summary>
public sealed class ProviderConnectionPagesTests(AppFactory app) : IClassFixture<AppFactory>, IAsyncLifetime
{
    private const string Key = "sk-test-SECRET-0123456789abcdef";
    private FakeOpenAiServer server = null!;

    public async Task InitializeAsync()
    {
        server = await FakeOpenAiServer.StartAsync();
        server.Script.ExpectedApiKey = Key;
        server.Script.Models = [new("alpha-1", "Alpha One", 32768), new("beta-2", "Beta Two")];
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private async Task<(HtmlClient Admin, AiProvider Provider)> ProviderAsync(string? key = Key)
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Fake");
        await admin.CreateProviderAsync(name, key, server.BaseUrl.ToString());
        return (admin, await app.ProviderAsync(name));
    }

    [Fact]
    public async Task TestingAWorkingConnectionShowsItsLatencyAndSavesTheProvidersHealth()
    {
        var (admin, provider) = await ProviderAsync();
        var page = await admin.GetAsync($"/admin/providers/{provider.Id}");

        var result = await admin.SubmitAsync(page, "form[action$='/test']");

        Assert.Matches(@"Connected in \d+ ms \(2 models\)\.", result.Text("#flash"));
        var saved = await app.ProviderAsync(provider.Name);
        Assert.Equal(ProviderHealthStatus.Healthy, saved.LastHealthStatus);
        Assert.NotNull(saved.LastHealthCheckedAt);
        Assert.Equal($"Bearer {Key}", server.LastRequest("/models").Header("Authorization"));
        Assert.DoesNotContain(Key, result.Html);
    }

    [Fact]
    public async Task WithHtmxTheTestReturnsOnlyTheResultFragment()
    {
        var (admin, provider) = await ProviderAsync();
        var page = await admin.GetAsync($"/admin/providers/{provider.Id}");
        var form = page.Find("form[action$='/test']")!;
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var fragment = await admin.PostAsync($"/admin/providers/{provider.Id}/test",
            new Dictionary<string, string> { ["__RequestVerificationToken"] = token },
            new Dictionary<string, string> { ["HX-Request"] = "true" });

        Assert.Equal(HttpStatusCode.OK, fragment.Status);
        Assert.DoesNotContain("<main", fragment.Html, StringComparison.Ordinal);
        Assert.Contains("Connected in", fragment.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongKeyIsExplainedInPlainWordsAndRecordedAsUnhealthy()
    {
        var (admin, provider) = await ProviderAsync("sk-wrong-key-000000000000");
        var page = await admin.GetAsync($"/admin/providers/{provider.Id}");

        var result = await admin.SubmitAsync(page, "form[action$='/test']");

        Assert.Contains("refused the API key", result.Text("#flash"));
        var saved = await app.ProviderAsync(provider.Name);
        Assert.Equal(ProviderHealthStatus.Unhealthy, saved.LastHealthStatus);
        Assert.Contains("refused the API key", saved.LastHealthError);
        Assert.DoesNotContain("sk-wrong-key", result.Html);
    }

    [Fact]
    public async Task DiscoveryListsTheServersModelsAndAddsTheChosenOnesInOneStep()
    {
        var (admin, provider) = await ProviderAsync();

        var discover = await admin.GetAsync($"/admin/providers/{provider.Id}/discover");
        Assert.Contains("alpha-1", discover.Text("main"));
        Assert.Contains("beta-2", discover.Text("main"));
        var alphaIndex = discover.FindAll("input[type=hidden][name$='.WireModelId']").ToList()
            .FindIndex(i => i.GetAttribute("value") == "alpha-1");
        var betaIndex = alphaIndex == 0 ? 1 : 0;
        var form = new Dictionary<string, string> { [$"Items[{alphaIndex}].Selected"] = "true", [$"Items[{betaIndex}].Selected"] = "false" };
        var added = await admin.SubmitAsync(discover, "main form.form", form);

        Assert.Equal(HttpStatusCode.OK, added.Status);
        var models = await app.WithDbAsync(db => db.AiModels.Where(m => m.ProviderId == provider.Id).ToListAsync());
        var alpha = Assert.Single(models);
        Assert.Equal(("alpha-1", 32768), (alpha.WireModelId, alpha.ContextWindow));

        var again = await admin.GetAsync($"/admin/providers/{provider.Id}/discover");
        Assert.Contains("Already added", again.Text("main"));
    }

    [Fact]
    public async Task TheSameModelsAddedByManyAtOnceAreAddedOnceAndEveryoneIsAnsweredWithoutAnError()
    {
        var (admin, provider) = await ProviderAsync();
        var discover = await admin.GetAsync($"/admin/providers/{provider.Id}/discover");
        var both = new Dictionary<string, string> { ["Items[0].Selected"] = "true", ["Items[1].Selected"] = "true" };

        // Each post reads which models exist, then inserts: the ones that read before another's insert clash with it.
        var pages = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => admin.SubmitAsync(discover, "main form.form", both)));

        Assert.All(pages, p => Assert.True(p.Status is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity, $"{p.Status}"));
        Assert.All(pages.Where(p => p.Url.AbsolutePath.EndsWith("/discover", StringComparison.Ordinal)),
            p => Assert.Contains("Nothing was added: another admin added", p.Text("[role=alert]"), StringComparison.Ordinal));
        var models = await app.WithDbAsync(db => db.AiModels.Where(m => m.ProviderId == provider.Id).Select(m => m.WireModelId).OrderBy(w => w).ToListAsync());
        Assert.Equal(["alpha-1", "beta-2"], models);
    }

    [Theory]
    [MemberData(nameof(ModelTests.BadNumbers), MemberType = typeof(ModelTests))]
    public async Task ADiscoveredModelsBadLimitsAreExplainedNextToItsFieldAsOnTheModelForm(string context, string maxOutput, string fieldId, string message)
    {
        var (admin, provider) = await ProviderAsync();
        var discover = await admin.GetAsync($"/admin/providers/{provider.Id}/discover");
        var (alpha, beta) = AlphaAndBetaRows(discover);

        var page = await admin.SubmitAsync(discover, "main form.form", new Dictionary<string, string>
        {
            [$"Items[{alpha}].Selected"] = "true",
            [$"Items[{beta}].Selected"] = "false",
            [$"Items[{alpha}].ContextWindow"] = context,
            [$"Items[{alpha}].MaxOutputTokens"] = maxOutput,
        });

        var rowField = fieldId.Replace("Input_", $"Items_{alpha}__", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains(message, page.Text($"#{rowField}-error"));
        Assert.NotNull(page.Find($"#error-summary a[href='#{rowField}']"));
        Assert.Equal(maxOutput, page.Find($"#Items_{alpha}__MaxOutputTokens")!.GetAttribute("value"));
        Assert.Empty(await app.WithDbAsync(db => db.AiModels.Where(m => m.ProviderId == provider.Id).ToListAsync()));
    }

    [Fact]
    public async Task ADiscoveredModelWithoutAnIdOrANameIsExplainedAsOnTheModelForm()
    {
        var (admin, provider) = await ProviderAsync();
        var discover = await admin.GetAsync($"/admin/providers/{provider.Id}/discover");
        var (alpha, beta) = AlphaAndBetaRows(discover);

        var page = await admin.SubmitAsync(discover, "main form.form", new Dictionary<string, string>
        {
            [$"Items[{alpha}].Selected"] = "true",
            [$"Items[{alpha}].DisplayName"] = " ",
            [$"Items[{beta}].Selected"] = "true",
            [$"Items[{beta}].WireModelId"] = "",
        });

        Assert.Contains("Enter the name people will see.", page.Text($"#Items_{alpha}__DisplayName-error"));
        Assert.Contains("Enter the model id the provider uses, like gpt-4o-mini.", page.Text("#error-summary"));
        Assert.Empty(await app.WithDbAsync(db => db.AiModels.Where(m => m.ProviderId == provider.Id).ToListAsync()));
    }

    /// <summary>The rows of alpha-1 and beta-2 on the discover page (it sorts what the server lists).</summary>
    private static (int Alpha, int Beta) AlphaAndBetaRows(HtmlPage discover)
    {
        var alpha = discover.FindAll("input[type=hidden][name$='.WireModelId']").ToList().FindIndex(i => i.GetAttribute("value") == "alpha-1");
        return (alpha, alpha == 0 ? 1 : 0);
    }

    [Fact]
    public async Task DiscoveryFromAServerThatIsDownSaysSoInsteadOfFailing()
    {
        var (admin, provider) = await ProviderAsync();
        await server.DisposeAsync();

        var discover = await admin.GetAsync($"/admin/providers/{provider.Id}/discover");

        Assert.Equal(HttpStatusCode.OK, discover.Status);
        Assert.Contains("Nothing is listening", discover.Text("main"));
    }

    [Fact]
    public async Task TheHealthJobRecordsEachActiveProvidersState()
    {
        var (_, healthy) = await ProviderAsync();
        var (_, wrongKey) = await ProviderAsync("sk-wrong-key-000000000000");

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ProviderHealthJob>().CheckAllAsync(CancellationToken.None);
        }

        Assert.Equal(ProviderHealthStatus.Healthy, (await app.ProviderAsync(healthy.Name)).LastHealthStatus);
        var failed = await app.ProviderAsync(wrongKey.Name);
        Assert.Equal(ProviderHealthStatus.Unhealthy, failed.LastHealthStatus);
        Assert.Contains("refused the API key", failed.LastHealthError);
    }

    [Fact]
    public async Task TestingAConnectionAndTheHealthJobRecordAFailureAlike()
    {
        var (admin, provider) = await ProviderAsync("sk-wrong-key-000000000000");
        await admin.SubmitAsync(await admin.GetAsync($"/admin/providers/{provider.Id}"), "form[action$='/test']");
        var byTest = await app.ProviderAsync(provider.Name);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ProviderHealthJob>().CheckAllAsync(CancellationToken.None);
        }
        var byJob = await app.ProviderAsync(provider.Name);

        Assert.Equal(
            (ProviderHealthStatus.Unhealthy, byTest.LastHealthError, (int?)null),
            (byJob.LastHealthStatus, byJob.LastHealthError, byJob.LastHealthLatencyMs));
        Assert.Null(byTest.LastHealthLatencyMs); // how long a failure took says nothing about the server
        Assert.True(byJob.LastHealthCheckedAt >= byTest.LastHealthCheckedAt);
    }
}

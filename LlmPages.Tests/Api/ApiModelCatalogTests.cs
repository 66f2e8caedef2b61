using System.Net;
using System.Text.Json.Nodes;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Infrastructure.FakeModels;

namespace LlmPages.Tests.Api;

/// <summary>
/// The API's model list is kept in memory between calls, yet an admin's change to a provider or a model shows in the
/// very next call: a renamed provider renames its ids, a deactivated model is neither listed nor answered.
/// </summary>
public sealed class ApiModelCatalogTests
{
    private const string Body = "{\"model\":\"fake/fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    [Fact]
    public async Task AnAdminsChangesToProvidersAndModelsShowInTheVeryNextCall()
    {
        await using var api = await ApiApp.StartAsync();
        var person = await api.NewPersonAsync();
        using var http = api.Http(person.Key);
        using var admin = api.App.CreateHtmlClient(api.App.ServerAddress);
        await admin.LoginAsync(AppFactory.AdminEmail);
        Assert.Equal(["fake/fake-model"], await IdsAsync(http));
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/v1/chat/completions", ApiApp.Json(Body))).StatusCode);

        var provider = await api.App.ProviderAsync("Fake");
        var edit = await admin.GetAsync($"/admin/providers/{provider.Id}");
        await admin.SubmitAsync(edit, "main form.form", new Dictionary<string, string> { ["Input.Name"] = "Team Fake" });
        Assert.Equal(["team-fake/fake-model"], await IdsAsync(http));
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("/v1/chat/completions", ApiApp.Json(Body))).StatusCode);

        var model = await api.App.ModelAsync(provider.Id, FakeScript.WireModel);
        edit = await admin.GetAsync($"/admin/models/{model.Id}/edit");
        var saved = await admin.SubmitAsync(edit, "main form.form", new Dictionary<string, string>
        {
            ["Input.IsActive"] = "false",
            ["Input.IsDefault"] = "false",
        });
        Assert.Contains("Saved the model", saved.Text("#flash"), StringComparison.Ordinal);
        Assert.Empty(await IdsAsync(http));
        var renamed = Body.Replace("fake/fake-model", "team-fake/fake-model", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("/v1/chat/completions", ApiApp.Json(renamed))).StatusCode);
    }

    private static async Task<List<string>> IdsAsync(HttpClient http)
    {
        var list = JsonNode.Parse(await http.GetStringAsync("/v1/models"))!["data"]!.AsArray();
        return [.. list.Select(m => m!["id"]!.GetValue<string>())];
    }
}

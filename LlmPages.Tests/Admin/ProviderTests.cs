using System.Net;
using LlmPages.Data.Entities;
using LlmPages.Tests.Infrastructure;

namespace LlmPages.Tests.Admin;

public sealed class ProviderTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task AnAdminCanAddAProviderAndIsTakenToItsPage()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Ollama");

        var page = await admin.CreateProviderAsync(name, baseUrl: "http://localhost:11434/");

        var provider = await app.ProviderAsync(name);
        Assert.Equal($"/admin/providers/{provider.Id}", page.Url.AbsolutePath);
        Assert.Contains($"Added the provider “{name}”.", page.Text("#flash"));
        Assert.Equal("http://localhost:11434", provider.BaseUrl);
        Assert.Equal(ProviderKind.OpenAiCompatible, provider.Kind);
        Assert.Null(provider.ProtectedApiKey);
        Assert.Equal("Chat", (await app.WithDbAsync(db => Task.FromResult(db.AiTypes.Find(provider.AiTypeId)!.Name))));
        Assert.Contains("Not checked", page.Text("#connection-result"));

        var list = await admin.GetAsync("/admin/providers");
        var row = list.FindAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent.Trim() == name);
        Assert.Contains("none", row.TextContent);
        Assert.Contains("OpenAI-compatible", row.TextContent);
        Assert.NotNull(list.Find("[role=region][tabindex='0'][aria-labelledby=providers-caption] table"));
    }

    [Fact]
    public async Task EditingAProviderSavesItAndBumpsUpdatedAt()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Edit me");
        await admin.CreateProviderAsync(name);
        var before = await app.ProviderAsync(name);

        var edit = await admin.GetAsync($"/admin/providers/{before.Id}");
        var page = await admin.SubmitAsync(edit, "main form.form", new Dictionary<string, string>
        {
            ["Input.Name"] = name + " (edited)",
            ["Input.Kind"] = "Anthropic",
            ["Input.BaseUrl"] = "https://api.anthropic.com",
        });

        Assert.Contains($"Saved the provider “{name} (edited)”.", page.Text("#flash"));
        var after = await app.ProviderAsync(name + " (edited)");
        Assert.Equal(ProviderKind.Anthropic, after.Kind);
        Assert.True(after.UpdatedAt > before.UpdatedAt);
    }

    [Fact]
    public async Task TheActiveCheckboxDeactivatesAProvider()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Toggle");
        await admin.CreateProviderAsync(name);
        var provider = await app.ProviderAsync(name);

        var edit = await admin.GetAsync($"/admin/providers/{provider.Id}");
        var page = await admin.SubmitAsync(edit, "main form.form", new Dictionary<string, string> { ["Input.IsActive"] = "false" });

        Assert.Contains("Inactive", page.Text(".page-header"));
        Assert.False((await app.ProviderAsync(name)).IsActive);
    }

    public static TheoryData<string, string> BadUrls => new()
    {
        { "not a url", "Enter a full address that starts with http:// or https://" },
        { "ftp://files.example.com", "ftp:// is not supported" },
        { "localhost:11434", "Enter a full address that starts with http:// or https://" },
        { "", "Enter the server's base URL" },
    };

    [Theory]
    [MemberData(nameof(BadUrls))]
    public async Task ABadBaseUrlIsExplainedNextToTheFieldAndTheFormKeepsItsValues(string url, string message)
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Bad URL");

        var page = await admin.CreateProviderAsync(name, apiKey: "sk-should-not-come-back-1234", baseUrl: url);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains(message, page.Text("#Input_BaseUrl-error"));
        Assert.Equal("true", page.Find("#Input_BaseUrl")!.GetAttribute("aria-invalid"));
        Assert.NotNull(page.Find("#error-summary a[href='#Input_BaseUrl']"));
        Assert.Equal(name, page.Find("#Input_Name")!.GetAttribute("value"));
        Assert.Equal(url, page.Find("#Input_BaseUrl")!.GetAttribute("value") ?? "");
        Assert.Null(page.Find("#Input_ApiKey")!.GetAttribute("value"));
        Assert.DoesNotContain("sk-should-not-come-back-1234", page.Html);
    }

    [Fact]
    public async Task MissingFieldsAreEachExplained()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var form = await admin.GetAsync("/admin/providers/new");

        var page = await admin.SubmitAsync(form, "main form.form", new Dictionary<string, string>
        {
            ["Input.Name"] = "",
            ["Input.Kind"] = "",
            ["Input.BaseUrl"] = "",
            ["Input.AiTypeId"] = "",
        });

        Assert.Contains("Enter a name for the provider.", page.Text("#Input_Name-error"));
        Assert.Contains("Choose the kind of server.", page.Text("#Input_Kind-error"));
        Assert.Contains("Enter the server's base URL", page.Text("#Input_BaseUrl-error"));
        Assert.Contains("Choose an AI type.", page.Text("#Input_AiTypeId-error"));
    }

    [Fact]
    public async Task ADuplicateNameIsRefusedNextToTheField()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Twin");
        await admin.CreateProviderAsync(name);

        var page = await admin.CreateProviderAsync(name.ToUpperInvariant(), baseUrl: "https://example.com/v1");

        Assert.Contains("already exists", page.Text("#Input_Name-error"));
        Assert.Equal("https://example.com/v1", page.Find("#Input_BaseUrl")!.GetAttribute("value"));
    }

    [Fact]
    public async Task AProviderWithoutModelsCanBeDeletedAfterConfirming()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Short-lived");
        await admin.CreateProviderAsync(name);
        var provider = await app.ProviderAsync(name);

        var confirm = await admin.GetAsync($"/admin/providers/{provider.Id}/delete");
        Assert.Contains($"Delete the provider “{name}”?", confirm.Text("h1"));
        Assert.NotNull(confirm.Find("form[method=post][data-confirm] input[name=__RequestVerificationToken]"));
        var list = await admin.SubmitAsync(confirm, "main form[data-confirm]");

        Assert.Equal("/admin/providers", list.Url.AbsolutePath);
        Assert.Contains($"Deleted the provider “{name}”.", list.Text("#flash"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/providers/{provider.Id}")).Status);
    }

    [Fact]
    public async Task AProviderWithModelsUsedByConversationsIsNotDeletedAndCanBeDeactivatedInstead()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("In use");
        await admin.CreateProviderAsync(name);
        var provider = await app.ProviderAsync(name);
        await admin.CreateModelAsync(provider.Id, "model-a");
        await admin.CreateModelAsync(provider.Id, "model-b");
        await app.AddConversationAsync((await app.ModelAsync(provider.Id, "model-a")).Id);

        var confirm = await admin.GetAsync($"/admin/providers/{provider.Id}/delete");
        Assert.Contains($"“{name}” has 2 models, used by 1 conversation.", confirm.Text("[role=alert]"));
        Assert.Null(confirm.Find("form[data-confirm]"));

        var token = confirm.Find("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var refused = await admin.PostAsync($"/admin/providers/{provider.Id}/delete", new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        Assert.Contains("Deactivate the provider instead", refused.Text("[role=alert]"));

        var page = await admin.SubmitAsync(confirm, "main form[action$='handler=Deactivate']");
        Assert.Contains($"Deactivated the provider “{name}”", page.Text("#flash"));
        Assert.False((await app.ProviderAsync(name)).IsActive);
    }

    [Fact]
    public async Task AProviderWithModelsButNoConversationsSaysToDeleteTheModelsFirst()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Has models");
        await admin.CreateProviderAsync(name);
        var provider = await app.ProviderAsync(name);
        await admin.CreateModelAsync(provider.Id, "only-model");

        var confirm = await admin.GetAsync($"/admin/providers/{provider.Id}/delete");

        Assert.Contains($"“{name}” still has 1 model. Delete it first, or deactivate the provider instead.", confirm.Text("[role=alert]"));
    }

    [Fact]
    public async Task TheProviderPageListsItsModelsWithLinks()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("With models");
        await admin.CreateProviderAsync(name);
        var provider = await app.ProviderAsync(name);
        await admin.CreateModelAsync(provider.Id, "gpt-4o-mini", "GPT-4o mini");
        var model = await app.ModelAsync(provider.Id, "gpt-4o-mini");

        var page = await admin.GetAsync($"/admin/providers/{provider.Id}");

        Assert.Equal("GPT-4o mini", page.Text($"a[href='/admin/models/{model.Id}/edit']"));
        Assert.Contains("Models (1)", page.Text("#models-title"));
    }

    [Fact]
    public async Task TheListIsPagedTwentyFiveToAPage()
    {
        await using var fresh = new AppFactory();
        var (admin, _) = await fresh.AdminAndUserAsync();
        Assert.NotNull((await admin.GetAsync("/admin/providers")).Find(".empty-state a[href='/admin/providers/new']"));
        await fresh.WithDbAsync(async db =>
        {
            var type = db.AiTypes.Single(t => t.Name == "Chat");
            for (var i = 0; i < 27; i++)
            {
                db.AiProviders.Add(new AiProvider { Name = $"P{i:00}", BaseUrl = "http://127.0.0.1:9", AiTypeId = type.Id });
            }
            return await db.SaveChangesAsync();
        });

        var first = await admin.GetAsync("/admin/providers");
        Assert.Equal(25, first.FindAll("tbody tr").Count());
        Assert.Equal("1", first.Find("nav.pagination a[aria-current=page]")!.TextContent.Replace("Page ", "").Trim());

        var second = await admin.GetAsync("/admin/providers?page=2");
        Assert.Equal(["P25", "P26"], second.FindAll("tbody tr th").Select(th => th.TextContent.Trim()));
        Assert.NotNull(second.Find("nav.pagination a[rel=prev][href='/admin/providers?page=1']"));

        var beyond = await admin.GetAsync("/admin/providers?page=99");
        Assert.Equal(2, beyond.FindAll("tbody tr").Count());
    }
}

using LlmPages.Llm;
using LlmPages.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.Admin;

/// <summary>A provider's API key is write-only: stored encrypted, shown by its last four characters at most.</summary>
public sealed class ProviderKeyTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Key = "sk-test-SECRET-0123456789abcdef";

    private ProviderSecrets Secrets => app.Services.GetRequiredService<ProviderSecrets>();

    [Fact]
    public async Task TheKeyAndItsEncryptedFormNeverAppearOnAnyAdminPage()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Secret");
        var created = await admin.CreateProviderAsync(name, apiKey: Key);
        var provider = await app.ProviderAsync(name);
        Assert.NotNull(provider.ProtectedApiKey);
        Assert.Equal(Key, Secrets.Unprotect(provider.ProtectedApiKey));
        Assert.Equal("cdef", provider.ApiKeyHint);
        await admin.CreateModelAsync(provider.Id, "secret-model");
        var model = await app.ModelAsync(provider.Id, "secret-model");

        var pages = new List<HtmlPage> { created };
        foreach (var url in new[]
        {
            "/admin", "/admin/ai-types", "/admin/providers", $"/admin/providers/{provider.Id}",
            $"/admin/providers/{provider.Id}/discover", $"/admin/providers/{provider.Id}/delete",
            $"/admin/providers/{provider.Id}/test", "/admin/models", $"/admin/models?provider={provider.Id}",
            $"/admin/models/new?provider={provider.Id}", $"/admin/models/{model.Id}/edit", $"/admin/models/{model.Id}/delete",
        })
        {
            pages.Add(await admin.GetAsync(url));
            pages.Add(await admin.GetAsync(url, htmx: true));
        }
        var providerPage = await admin.GetAsync($"/admin/providers/{provider.Id}");
        // "Test connection", without JS (back to the provider's page) and with htmx (the result fragment).
        pages.Add(await admin.SubmitAsync(providerPage, $"form[action='/admin/providers/{provider.Id}/test']"));
        pages.Add(await admin.SubmitAsync(providerPage, $"form[action='/admin/providers/{provider.Id}/test']", htmx: true));
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/providers/{provider.Id}/test"))
        {
            request.Headers.Add("HX-Request", "true");
            request.Headers.Add("RequestVerificationToken", providerPage.Find("input[name=__RequestVerificationToken]")!.GetAttribute("value"));
            pages.Add(await admin.SendAsync(request));
        }
        // A form sent back with an error.
        pages.Add(await admin.SubmitAsync(providerPage, "main form.form", new Dictionary<string, string> { ["Input.BaseUrl"] = "nonsense" }));

        foreach (var page in pages)
        {
            Assert.True(page.Status is System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.UnprocessableEntity, $"{page.Url} answered {page.Status}");
            Assert.DoesNotContain(Key, page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("SECRET", page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain(provider.ProtectedApiKey!, page.Html, StringComparison.Ordinal);
        }
        Assert.Contains("set, ends in …cdef", (await admin.GetAsync("/admin/providers")).Html);
        Assert.Contains("A key is set (ends in …cdef). Leave empty to keep it", providerPage.Text("#Input_ApiKey-hint"));
    }

    [Fact]
    public async Task TheKeyFieldIsAPasswordFieldThatIsNeverFilledIn()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Field");
        await admin.CreateProviderAsync(name, apiKey: Key);
        var provider = await app.ProviderAsync(name);

        var field = (await admin.GetAsync($"/admin/providers/{provider.Id}")).Find("#Input_ApiKey")!;

        Assert.Equal("password", field.GetAttribute("type"));
        Assert.Equal("off", field.GetAttribute("autocomplete"));
        Assert.Null(field.GetAttribute("value"));
        Assert.NotNull((await admin.GetAsync($"/admin/providers/{provider.Id}")).Find("label[for=Input_ApiKey]"));
    }

    [Fact]
    public async Task SavingWithAnEmptyKeyKeepsTheStoredKey()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Keep");
        await admin.CreateProviderAsync(name, apiKey: Key);
        var before = await app.ProviderAsync(name);

        var edit = await admin.GetAsync($"/admin/providers/{before.Id}");
        await admin.SubmitAsync(edit, "main form.form", new Dictionary<string, string> { ["Input.BaseUrl"] = "https://example.com/v2" });

        var after = await app.ProviderAsync(name);
        Assert.Equal("https://example.com/v2", after.BaseUrl);
        Assert.Equal(before.ProtectedApiKey, after.ProtectedApiKey);
        Assert.Equal(Key, Secrets.Unprotect(after.ProtectedApiKey));
        Assert.Equal("cdef", after.ApiKeyHint);
    }

    [Fact]
    public async Task ANewKeyReplacesTheStoredOne()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Replace");
        await admin.CreateProviderAsync(name, apiKey: Key);
        var provider = await app.ProviderAsync(name);

        var edit = await admin.GetAsync($"/admin/providers/{provider.Id}");
        var page = await admin.SubmitAsync(edit, "main form.form", new Dictionary<string, string> { ["Input.ApiKey"] = "sk-other-key-99998888wxyz" });

        var after = await app.ProviderAsync(name);
        Assert.Equal("sk-other-key-99998888wxyz", Secrets.Unprotect(after.ProtectedApiKey));
        Assert.Equal("wxyz", after.ApiKeyHint);
        Assert.True(after.UpdatedAt > provider.UpdatedAt);
        Assert.Contains("ends in …wxyz", page.Text("#Input_ApiKey-hint"));
        Assert.DoesNotContain("sk-other-key", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemovingTheKeyClearsIt()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Remove");
        await admin.CreateProviderAsync(name, apiKey: Key);
        var provider = await app.ProviderAsync(name);

        var edit = await admin.GetAsync($"/admin/providers/{provider.Id}");
        var page = await admin.SubmitAsync(edit, "main form.form", new Dictionary<string, string> { ["Input.RemoveApiKey"] = "true" });

        var after = await app.ProviderAsync(name);
        Assert.Null(after.ProtectedApiKey);
        Assert.Null(after.ApiKeyHint);
        Assert.Null(page.Find("#Input_RemoveApiKey"));
        Assert.Contains("API key: none", page.Text("#connection-title + p"));
    }

    [Fact]
    public async Task ANewKeyAndRemoveTogetherAreRefusedWithoutEchoingTheKey()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Both");
        await admin.CreateProviderAsync(name, apiKey: Key);
        var provider = await app.ProviderAsync(name);

        var edit = await admin.GetAsync($"/admin/providers/{provider.Id}");
        var page = await admin.SubmitAsync(edit, "main form.form", new Dictionary<string, string>
        {
            ["Input.ApiKey"] = "sk-typed-but-refused-1234",
            ["Input.RemoveApiKey"] = "true",
        });

        Assert.Contains("Either enter a new key or tick “Remove the stored key”, not both.", page.Text("#Input_ApiKey-error"));
        Assert.DoesNotContain("sk-typed-but-refused", page.Html, StringComparison.Ordinal);
        Assert.Equal(provider.ProtectedApiKey, (await app.ProviderAsync(name)).ProtectedApiKey);
    }
}

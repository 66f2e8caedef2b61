using System.Net;
using LlmPages.Tests.Infrastructure;

namespace LlmPages.Tests.Admin;

public sealed class ModelTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<(HtmlClient Admin, int ProviderId)> AdminWithProviderAsync()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Provider");
        await admin.CreateProviderAsync(name);
        return (admin, (await app.ProviderAsync(name)).Id);
    }

    [Fact]
    public async Task AnAdminCanAddEditDeactivateAndDeleteAModel()
    {
        var (admin, providerId) = await AdminWithProviderAsync();

        var list = await admin.CreateModelAsync(providerId, "llama3.2:3b", "Llama 3.2 3B", context: 131072, maxOutput: 4096);
        Assert.Contains("Added the model “Llama 3.2 3B”.", list.Text("#flash"));
        Assert.Equal($"/admin/models", list.Url.AbsolutePath);
        var row = list.FindAll("tbody tr").Single(r => r.TextContent.Contains("llama3.2:3b", StringComparison.Ordinal));
        Assert.Contains("131,072", row.TextContent);
        var model = await app.ModelAsync(providerId, "llama3.2:3b");

        var edit = await admin.GetAsync($"/admin/models/{model.Id}/edit");
        Assert.Equal("Llama 3.2 3B", edit.Find("#Input_DisplayName")!.GetAttribute("value"));
        list = await admin.SubmitAsync(edit, "main form.form", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Llama small",
            ["Input.InputPricePerMillion"] = "0.15",
            ["Input.OutputPricePerMillion"] = "0.6",
            ["Input.IsActive"] = "false",
        });
        Assert.Contains("Saved the model “Llama small”.", list.Text("#flash"));
        model = await app.ModelAsync(providerId, "llama3.2:3b");
        Assert.Equal(0.15m, model.InputPricePerMillion);
        Assert.Equal(0.6m, model.OutputPricePerMillion);
        Assert.False(model.IsActive);
        Assert.True(model.UpdatedAt >= model.CreatedAt);
        Assert.Contains("0.15 / 0.6", list.FindAll("tbody tr").Single(r => r.TextContent.Contains("Llama small", StringComparison.Ordinal)).TextContent);

        var confirm = await admin.GetAsync($"/admin/models/{model.Id}/delete");
        list = await admin.SubmitAsync(confirm, "main form[data-confirm]");
        Assert.Contains("Deleted the model “Llama small”.", list.Text("#flash"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/models/{model.Id}/edit")).Status);
    }

    [Fact]
    public async Task AModelUsedByAConversationIsNotDeletedAndCanBeDeactivatedInstead()
    {
        var (admin, providerId) = await AdminWithProviderAsync();
        await admin.CreateModelAsync(providerId, "busy-model", "Busy model");
        var model = await app.ModelAsync(providerId, "busy-model");
        await app.AddConversationAsync(model.Id);
        await app.AddConversationAsync(model.Id);

        var confirm = await admin.GetAsync($"/admin/models/{model.Id}/delete");
        Assert.Contains("“Busy model” is used by 2 conversations. Deactivate it instead", confirm.Text("[role=alert]"));
        Assert.Null(confirm.Find("form[data-confirm]"));

        var list = await admin.SubmitAsync(confirm, "main form[action$='handler=Deactivate']");
        Assert.Contains("Deactivated the model “Busy model”", list.Text("#flash"));
        Assert.False((await app.ModelAsync(providerId, "busy-model")).IsActive);
    }

    [Fact]
    public async Task SettingAModelAsDefaultClearsThePreviousDefault()
    {
        var (admin, providerId) = await AdminWithProviderAsync();
        await admin.CreateModelAsync(providerId, "first", isDefault: true);
        Assert.True((await app.ModelAsync(providerId, "first")).IsDefault);

        var list = await admin.CreateModelAsync(providerId, "second", isDefault: true);
        Assert.Contains("It is now the default model.", list.Text("#flash"));
        Assert.False((await app.ModelAsync(providerId, "first")).IsDefault);
        Assert.True((await app.ModelAsync(providerId, "second")).IsDefault);

        var first = await app.ModelAsync(providerId, "first");
        var edit = await admin.GetAsync($"/admin/models/{first.Id}/edit");
        await admin.SubmitAsync(edit, "main form.form", new Dictionary<string, string> { ["Input.IsDefault"] = "true" });
        Assert.True((await app.ModelAsync(providerId, "first")).IsDefault);
        Assert.False((await app.ModelAsync(providerId, "second")).IsDefault);
        Assert.Equal(1, await app.WithDbAsync(db => Task.FromResult(db.AiModels.Count(m => m.IsDefault))));
    }

    [Fact]
    public async Task TheDefaultModelMustBeActive()
    {
        var (admin, providerId) = await AdminWithProviderAsync();
        var form = await admin.GetAsync($"/admin/models/new?provider={providerId}");

        var page = await admin.SubmitAsync(form, "main form.form", new Dictionary<string, string>
        {
            ["Input.WireModelId"] = "inactive-default",
            ["Input.DisplayName"] = "Inactive default",
            ["Input.IsDefault"] = "true",
            ["Input.IsActive"] = "false",
        });

        Assert.Contains("The default model must be active", page.Text("#Input_IsDefault-error"));
    }

    public static TheoryData<string, string, string, string> BadNumbers => new()
    {
        { "abc", "2048", "Input_ContextWindow", "Context window must be a whole number." },
        { "8192", "lots", "Input_MaxOutputTokens", "Max output tokens must be a whole number." },
        { "8192.5", "2048", "Input_ContextWindow", "Context window must be a whole number." },
        { "0", "2048", "Input_ContextWindow", "The context window must be at least 1 token." },
        { "-5", "2048", "Input_ContextWindow", "The context window must be at least 1 token." },
        { "8192", "0", "Input_MaxOutputTokens", "Max output tokens must be at least 1." },
        { "", "2048", "Input_ContextWindow", "Enter the context window in tokens" },
        { "8192", "9000", "Input_MaxOutputTokens", "Max output tokens (9000) cannot be more than the context window (8192)." },
    };

    [Theory]
    [MemberData(nameof(BadNumbers))]
    public async Task BadLimitsAreExplainedNextToTheirFieldAndTheValuesAreKept(string context, string maxOutput, string fieldId, string message)
    {
        var (admin, providerId) = await AdminWithProviderAsync();
        var form = await admin.GetAsync($"/admin/models/new?provider={providerId}");

        var page = await admin.SubmitAsync(form, "main form.form", new Dictionary<string, string>
        {
            ["Input.WireModelId"] = "kept-id",
            ["Input.DisplayName"] = "Kept name",
            ["Input.ContextWindow"] = context,
            ["Input.MaxOutputTokens"] = maxOutput,
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains(message, page.Text($"#{fieldId}-error"));
        Assert.NotNull(page.Find($"#error-summary a[href='#{fieldId}']"));
        Assert.Equal("kept-id", page.Find("#Input_WireModelId")!.GetAttribute("value"));
        Assert.Equal("Kept name", page.Find("#Input_DisplayName")!.GetAttribute("value"));
        Assert.Equal(context, page.Find("#Input_ContextWindow")!.GetAttribute("value") ?? "");
        Assert.Equal(maxOutput, page.Find("#Input_MaxOutputTokens")!.GetAttribute("value"));
        Assert.Equal(providerId.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Find("#Input_ProviderId option[selected]")!.GetAttribute("value"));
    }

    [Theory]
    [InlineData("abc", "Input price per million tokens must be a number.")]
    [InlineData("-1", "Enter a price of 0 or more")]
    public async Task ABadPriceIsExplainedNextToTheField(string price, string message)
    {
        var (admin, providerId) = await AdminWithProviderAsync();
        var form = await admin.GetAsync($"/admin/models/new?provider={providerId}");

        var page = await admin.SubmitAsync(form, "main form.form", new Dictionary<string, string>
        {
            ["Input.WireModelId"] = "priced",
            ["Input.DisplayName"] = "Priced",
            ["Input.InputPricePerMillion"] = price,
        });

        Assert.Contains(message, page.Text("#Input_InputPricePerMillion-error"));
        Assert.Equal(price, page.Find("#Input_InputPricePerMillion")!.GetAttribute("value"));
    }

    [Fact]
    public async Task MissingFieldsAndADuplicateModelIdAreExplained()
    {
        var (admin, providerId) = await AdminWithProviderAsync();
        var form = await admin.GetAsync("/admin/models/new");
        var page = await admin.SubmitAsync(form, "main form.form", new Dictionary<string, string>
        {
            ["Input.ProviderId"] = "",
            ["Input.WireModelId"] = "",
            ["Input.DisplayName"] = "",
        });
        Assert.Contains("Choose the provider", page.Text("#Input_ProviderId-error"));
        Assert.Contains("Enter the model id", page.Text("#Input_WireModelId-error"));
        Assert.Contains("Enter the name people will see.", page.Text("#Input_DisplayName-error"));

        await admin.CreateModelAsync(providerId, "twin");
        page = await admin.CreateModelAsync(providerId, "twin", "Another twin");
        Assert.Contains("This provider already has the model “twin”.", page.Text("#Input_WireModelId-error"));
        Assert.Equal("Another twin", page.Find("#Input_DisplayName")!.GetAttribute("value"));
    }

    [Fact]
    public async Task TheListCanBeFilteredByProviderWithAGetForm()
    {
        var (admin, providerId) = await AdminWithProviderAsync();
        var otherName = AdminSteps.Unique("Other");
        await admin.CreateProviderAsync(otherName);
        var otherId = (await app.ProviderAsync(otherName)).Id;
        await admin.CreateModelAsync(providerId, "mine");
        await admin.CreateModelAsync(otherId, "theirs");

        var all = await admin.GetAsync("/admin/models");
        var filtered = await admin.SubmitAsync(all, "main form[method=get]", new Dictionary<string, string>
        {
            ["provider"] = providerId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.Equal($"?provider={providerId}", filtered.Url.Query);
        Assert.Equal(["mine"], filtered.FindAll("tbody tr td code").Select(c => c.TextContent));
        Assert.Equal(providerId.ToString(System.Globalization.CultureInfo.InvariantCulture), filtered.Find("select#provider option[selected]")!.GetAttribute("value"));

        var empty = await admin.GetAsync("/admin/models?provider=999999");
        Assert.NotNull(empty.Find(".empty-state"));
    }
}

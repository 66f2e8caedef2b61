using LlmPages.Data.Entities;
using LlmPages.Jobs;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Infrastructure.FakeModels;

namespace LlmPages.Tests.Audit;

/// <summary>Every admin action in the admin area leaves one audit row: who, what, which record, from where; never a secret.</summary>
public sealed class AdminActionAuditTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Key = "sk-audit-SECRET-0123456789abcdef";

    [Fact]
    public async Task EachChangeToAnAiTypeIsAuditedWithTheAdminAndTheType()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Audited");
        await admin.CreateAiTypeAsync(name);
        var type = await app.AiTypeAsync(name);
        var edit = await admin.GetAsync($"/admin/ai-types/{type.Id}/edit");
        var list = await admin.SubmitAsync(edit, "main form.form", new Dictionary<string, string> { ["Input.Description"] = "Changed" });
        list = await admin.SubmitAsync(list, $"form[action='/admin/ai-types?id={type.Id}&handler=Deactivate']");
        await admin.SubmitAsync(list, $"form[action='/admin/ai-types?id={type.Id}&handler=Activate']");
        var confirm = await admin.GetAsync($"/admin/ai-types/{type.Id}/delete");
        await admin.SubmitAsync(confirm, "main form[data-confirm]");

        var rows = await app.AuditRowsAsync(nameof(AiType), type.Id.Id());

        Assert.Equal(["ai-type.create", "ai-type.update", "ai-type.deactivate", "ai-type.activate", "ai-type.delete"], rows.Select(r => r.Action));
        var adminId = await app.AdminIdAsync();
        Assert.All(rows, r => Assert.Equal(adminId, r.ActorId));
        Assert.Equal($"“{name}”: changed Description.", rows[1].Details);
        Assert.Equal(name, rows[0].Details);
    }

    [Fact]
    public async Task EachChangeToAPersonsAccountIsAuditedWithTheAdminAndThePersonButNeverThePassword()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var email = Infrastructure.Accounts.NewEmail("audited-person");
        await admin.AddPersonAsync(email, password: "Temporary-Secret-4711");
        var person = (await app.UserByEmailAsync(email))!;
        await admin.SaveUserAsync(person.Id, "Admin", "5000");
        await admin.ConfirmAsync(person.Id, "reset-password");
        await admin.ConfirmAsync(person.Id, "deactivate");
        var edit = await admin.GetAsync($"/admin/users/{person.Id}/edit");
        await admin.SubmitAsync(edit, "form[action$='handler=Reactivate']");
        await admin.ConfirmAsync(person.Id, "delete");

        var rows = await app.AuditRowsAsync(nameof(AppUser), person.Id);

        Assert.Equal(
            ["user.create", "user.change-role", "user.set-quota", "user.reset-password", "user.deactivate", "user.reactivate", "user.delete"],
            rows.Select(r => r.Action));
        var adminId = await app.AdminIdAsync();
        Assert.All(rows, r => Assert.Equal(adminId, r.ActorId));
        Assert.Equal("role=Admin", rows[1].Details);
        Assert.Equal("quota=5000", rows[2].Details);
        Assert.DoesNotContain(await app.AllAuditRowsAsync(), r => r.Details?.Contains("Temporary-Secret", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task EachChangeToALibraryPromptIsAudited()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Audited prompt");
        await admin.CreatePromptAsync(name, "Be brief.");
        var prompt = await app.PromptAsync(name);
        var edit = await admin.GetAsync($"/admin/prompts/{prompt.Id}/edit");
        var list = await admin.SubmitAsync(edit, "main form.form", new Dictionary<string, string> { ["Input.Content"] = "Be briefer." });
        list = await admin.SubmitAsync(await admin.GetAsync("/admin/prompts"), $"form[action='/admin/prompts?id={prompt.Id}&handler=Deactivate']");
        await admin.SubmitAsync(list, $"form[action='/admin/prompts?id={prompt.Id}&handler=Activate']");
        var confirm = await admin.GetAsync($"/admin/prompts/{prompt.Id}/delete");
        await admin.SubmitAsync(confirm, "main form[data-confirm]");

        var rows = await app.AuditRowsAsync(nameof(SystemPrompt), prompt.Id.Id());

        Assert.Equal(["prompt.create", "prompt.update", "prompt.deactivate", "prompt.activate", "prompt.delete"], rows.Select(r => r.Action));
    }

    [Fact]
    public async Task EachChangeToAProviderAndItsModelsIsAuditedAndNoRowHoldsTheKey()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Audited");
        await admin.CreateProviderAsync(name, Key, server.BaseUrl.ToString());
        var provider = await app.ProviderAsync(name);

        var page = await admin.GetAsync($"/admin/providers/{provider.Id}");
        page = await admin.SubmitAsync(page, "main form.form", new Dictionary<string, string> { ["Input.ApiKey"] = Key + "-new" });
        page = await admin.SubmitAsync(page, "form[action$='/test']");
        await admin.CreateModelAsync(provider.Id, "audit-model");
        var model = await app.ModelAsync(provider.Id, "audit-model");
        var editModel = await admin.GetAsync($"/admin/models/{model.Id}/edit");
        await admin.SubmitAsync(editModel, "main form.form", new Dictionary<string, string> { ["Input.DisplayName"] = "Renamed" });
        var discover = await admin.GetAsync($"/admin/providers/{provider.Id}/discover");
        await admin.SubmitAsync(discover, "main form.form", new Dictionary<string, string> { ["Items[0].Selected"] = "true" });
        var confirmModel = await admin.GetAsync($"/admin/models/{model.Id}/delete");
        await admin.SubmitAsync(confirmModel, "main form[data-confirm]");
        var confirm = await admin.GetAsync($"/admin/providers/{provider.Id}/delete");
        await admin.SubmitAsync(confirm, "main form[action$='handler=Deactivate']");

        var providerRows = await app.AuditRowsAsync(nameof(AiProvider), provider.Id.Id());
        Assert.Equal(["provider.create", "provider.update", "provider.test-connection", "model.discover-add", "provider.deactivate"],
            providerRows.Select(r => r.Action));
        Assert.Equal($"“{name}”: changed ApiKey.", providerRows[1].Details);
        Assert.Equal($"{name}: added fake-model.", providerRows[3].Details);
        Assert.Equal(["model.create", "model.update", "model.delete"],
            (await app.AuditRowsAsync(nameof(AiModel), model.Id.Id())).Select(r => r.Action));
        Assert.DoesNotContain(await app.AllAuditRowsAsync(), r => (r.Details ?? "").Contains("SECRET", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeletingAProviderIsAudited()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Doomed");
        await admin.CreateProviderAsync(name);
        var provider = await app.ProviderAsync(name);

        var confirm = await admin.GetAsync($"/admin/providers/{provider.Id}/delete");
        await admin.SubmitAsync(confirm, "main form[data-confirm]");

        Assert.Equal(["provider.create", "provider.delete"], (await app.AuditRowsAsync(nameof(AiProvider), provider.Id.Id())).Select(r => r.Action));
    }

    [Fact]
    public async Task ASaveTheDatabaseRefusesLeavesNoAuditRow()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var first = AdminSteps.Unique("First");
        var second = AdminSteps.Unique("Second");
        await admin.CreateAiTypeAsync(first);
        await admin.CreateAiTypeAsync(second);
        var type = await app.AiTypeAsync(second);
        var edit = await admin.GetAsync($"/admin/ai-types/{type.Id}/edit");

        var refused = await admin.SubmitAsync(edit, "main form.form", new Dictionary<string, string> { ["Input.Name"] = first });

        Assert.NotNull(refused.Find(".field-error, [role=alert]"));
        Assert.Equal(["ai-type.create"], (await app.AuditRowsAsync(nameof(AiType), type.Id.Id())).Select(r => r.Action));
    }

    [Fact]
    public async Task TriggeringAJobFromTheDashboardIsAudited()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var recurring = await admin.GetAsync("/admin/jobs/recurring");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/jobs/recurring/trigger")
        {
            Content = new FormUrlEncodedContent([new("jobs[]", ChatTransferCleanupJob.RecurringJobId)]),
        };
        request.Headers.Add(recurring.Find("meta[name=csrf-header]")!.GetAttribute("content")!, recurring.Find("meta[name=csrf-token]")!.GetAttribute("content"));

        var response = await admin.Http.SendAsync(request);

        Assert.True(response.IsSuccessStatusCode, $"The dashboard answered {response.StatusCode}.");
        var row = Assert.Single(await app.AuditRowsAsync("Job", ChatTransferCleanupJob.RecurringJobId));
        Assert.Equal("job.recurring-trigger", row.Action);
        Assert.Equal(await app.AdminIdAsync(), row.ActorId);
    }
}

using System.Net;
using LlmPages.Tests.Infrastructure;

namespace LlmPages.Tests.Admin;

public sealed class AiTypeTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task TheChatTypeIsThereOnFirstStart()
    {
        var (admin, _) = await app.AdminAndUserAsync();

        var page = await admin.GetAsync("/admin/ai-types");

        var row = page.FindAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent.Trim() == "Chat");
        Assert.Contains("Conversational models", row.TextContent);
        Assert.Contains("Active", row.QuerySelector(".badge")!.TextContent);
        Assert.NotNull(page.Find("nav.subnav[aria-label=Admin] a[href='/admin/ai-types'][aria-current=page]"));
    }

    [Fact]
    public async Task AnAdminCanCreateEditDeactivateAndDeleteAType()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Local");

        var list = await admin.CreateAiTypeAsync(name, "Models on our own hardware");
        Assert.Equal("/admin/ai-types", list.Url.AbsolutePath);
        Assert.Contains($"Added the AI type “{name}”.", list.Text("#flash"));
        var type = await app.AiTypeAsync(name);

        var edit = await admin.GetAsync($"/admin/ai-types/{type.Id}/edit");
        Assert.Equal(name, edit.Find("#Input_Name")!.GetAttribute("value"));
        list = await admin.SubmitAsync(edit, "main form.form", new Dictionary<string, string>
        {
            ["Input.Name"] = name + " renamed",
            ["Input.Description"] = "Changed",
        });
        Assert.Contains($"Saved the AI type “{name} renamed”.", list.Text("#flash"));
        Assert.Equal("Changed", (await app.AiTypeAsync(name + " renamed")).Description);

        list = await admin.SubmitAsync(list, $"form[action='/admin/ai-types?id={type.Id}&handler=Deactivate']");
        Assert.Contains("is deactivated", list.Text("#flash"));
        Assert.False((await app.AiTypeAsync(name + " renamed")).IsActive);
        list = await admin.SubmitAsync(list, $"form[action='/admin/ai-types?id={type.Id}&handler=Activate']");
        Assert.True((await app.AiTypeAsync(name + " renamed")).IsActive);

        var confirm = await admin.GetAsync($"/admin/ai-types/{type.Id}/delete");
        Assert.NotNull(confirm.Find("form[data-confirm]"));
        list = await admin.SubmitAsync(confirm, "main form[data-confirm]");
        Assert.Contains($"Deleted the AI type “{name} renamed”.", list.Text("#flash"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/ai-types/{type.Id}/edit")).Status);
    }

    [Fact]
    public async Task ATypeUsedByProvidersIsNotDeletedAndCanBeDeactivatedInstead()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Busy");
        await admin.CreateAiTypeAsync(name);
        var type = await app.AiTypeAsync(name);
        await admin.CreateProviderAsync(AdminSteps.Unique("P1"), aiTypeId: type.Id);
        await admin.CreateProviderAsync(AdminSteps.Unique("P2"), aiTypeId: type.Id);

        var confirm = await admin.GetAsync($"/admin/ai-types/{type.Id}/delete");
        Assert.Contains($"“{name}” is used by 2 providers. Move them to another type or deactivate this one instead.", confirm.Text("[role=alert]"));
        Assert.Null(confirm.Find("form[data-confirm]"));

        // A forged POST is refused the same way.
        var token = confirm.Find("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var refused = await admin.PostAsync($"/admin/ai-types/{type.Id}/delete", new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        Assert.Contains("is used by 2 providers", refused.Text("[role=alert]"));
        Assert.Equal(name, (await app.AiTypeAsync(name)).Name);

        var list = await admin.SubmitAsync(confirm, "main form[action$='handler=Deactivate']");
        Assert.Contains("is deactivated", list.Text("#flash"));
        Assert.False((await app.AiTypeAsync(name)).IsActive);
    }

    [Fact]
    public async Task AMissingOrDuplicateNameIsExplainedNextToTheField()
    {
        var (admin, _) = await app.AdminAndUserAsync();

        var page = await admin.CreateAiTypeAsync("", "Kept description");
        Assert.Contains("Enter a name for the type.", page.Text("#Input_Name-error"));
        Assert.Equal("Kept description", page.Text("#Input_Description"));
        Assert.NotNull(page.Find("#error-summary a[href='#Input_Name']"));

        page = await admin.CreateAiTypeAsync("chat", "Another");
        // Names are one whatever their case; the error names the type that has it, as it is spelt.
        Assert.Contains("An AI type called “Chat” already exists.", page.Text("#Input_Name-error"));
        Assert.Equal("chat", page.Find("#Input_Name")!.GetAttribute("value"));
    }
}

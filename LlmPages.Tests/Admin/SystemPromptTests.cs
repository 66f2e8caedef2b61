using System.Net;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Admin;

/// <summary>The prompt library: admins create, edit, deactivate and delete shared prompts; bad ones are refused next to the field.</summary>
public sealed class SystemPromptTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task AnAdminCanCreateEditDeactivateAndDeleteAPrompt()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Reviewer");

        var list = await admin.CreatePromptAsync(name, "Review code for {{user_name}} on {{ date }}.", "For code reviews");
        Assert.Equal("/admin/prompts", list.Url.AbsolutePath);
        Assert.Contains($"Added the prompt “{name}”.", list.Text("#flash"));
        Assert.NotNull(list.Find("nav.subnav[aria-label=Admin] a[href='/admin/prompts'][aria-current=page]"));
        var prompt = await app.PromptAsync(name);
        Assert.Equal("Review code for {{user_name}} on {{ date }}.", prompt.Content); // saved as written: filled in at send
        Assert.True(prompt.IsActive);
        Assert.NotNull(prompt.CreatedById);

        var edit = await admin.GetAsync($"/admin/prompts/{prompt.Id}/edit");
        Assert.Equal("Review code for {{user_name}} on {{ date }}.", edit.Text("#Input_Content"));
        list = await admin.SubmitAsync(edit, "main form.form", new Dictionary<string, string>
        {
            ["Input.Name"] = name + " renamed",
            ["Input.Content"] = "Review code. Today is {{weekday}}.",
        });
        Assert.Contains($"Saved the prompt “{name} renamed”.", list.Text("#flash"));
        Assert.Equal("Review code. Today is {{weekday}}.", (await app.PromptAsync(name + " renamed")).Content);

        list = await admin.SubmitAsync(list, $"form[action='/admin/prompts?id={prompt.Id}&handler=Deactivate']");
        Assert.Contains("is deactivated", list.Text("#flash"));
        Assert.False((await app.PromptAsync(name + " renamed")).IsActive);
        list = await admin.SubmitAsync(list, $"form[action='/admin/prompts?id={prompt.Id}&handler=Activate']");
        Assert.True((await app.PromptAsync(name + " renamed")).IsActive);

        var confirm = await admin.GetAsync($"/admin/prompts/{prompt.Id}/delete");
        Assert.NotNull(confirm.Find("form[data-confirm]"));
        Assert.Contains("No chat uses it.", confirm.Text("main"));
        list = await admin.SubmitAsync(confirm, "main form[data-confirm]");
        Assert.Contains($"Deleted the prompt “{name} renamed”.", list.Text("#flash"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/prompts/{prompt.Id}/edit")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/prompts/{prompt.Id}/delete")).Status);
    }

    [Fact]
    public async Task ADuplicateNameIsRefusedWhateverItsCase()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Translator");
        await admin.CreatePromptAsync(name, "Translate.");

        var page = await admin.CreatePromptAsync(name.ToUpperInvariant(), "Kept text");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains($"A prompt called “{name}” already exists. Choose another name.", page.Text("#Input_Name-error"));
        Assert.NotNull(page.Find("#error-summary a[href='#Input_Name']"));
        Assert.Equal("Kept text", page.Text("#Input_Content"));
        Assert.Equal(1, await app.WithDbAsync(db => db.SystemPrompts.CountAsync(p => p.NameKey == LlmPages.Data.NameKeys.Of(name))));
    }

    [Theory]
    [InlineData("Hello {{usr_name}}!", "“{{usr_name}}” is not a variable this app knows. Use one of {{date}}, {{time}}, {{weekday}}, {{timezone}}, {{user_name}}, {{model}}")]
    [InlineData("Hello {{user_name}", "“{{user_name}” is not a complete variable.")]
    [InlineData("Hello user_name}} there", "“Hello user_name}}” is not a complete variable.")]
    [InlineData("Hello {{ }}", "“{{ }}” has no variable name between its braces.")]
    public async Task AnUnknownOrMalformedVariableIsRefusedNamingIt(string content, string message)
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Greeter");

        var page = await admin.CreatePromptAsync(name, content);

        Assert.Contains(message, page.Text("#Input_Content-error"), StringComparison.Ordinal);
        Assert.NotNull(page.Find("#error-summary a[href='#Input_Content']"));
        Assert.Equal(content, page.Text("#Input_Content"));
        Assert.False(await app.WithDbAsync(db => db.SystemPrompts.AnyAsync(p => p.Name == name)));
    }

    [Fact]
    public async Task AnEditThatBreaksAVariableIsRefusedAndChangesNothing()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Dated");
        await admin.CreatePromptAsync(name, "Today is {{date}}.");
        var prompt = await app.PromptAsync(name);

        var edit = await admin.GetAsync($"/admin/prompts/{prompt.Id}/edit");
        var page = await admin.SubmitAsync(edit, "main form.form", new Dictionary<string, string> { ["Input.Content"] = "Today is {{dat}}." });

        Assert.Contains("“{{dat}}” is not a variable this app knows.", page.Text("#Input_Content-error"));
        Assert.Equal("Today is {{date}}.", (await app.PromptAsync(name)).Content);
    }

    [Fact]
    public async Task EmptyNameAndTextAreExplainedNextToTheirFields()
    {
        var (admin, _) = await app.AdminAndUserAsync();

        var page = await admin.CreatePromptAsync("", "   ", "Kept description");

        Assert.Contains("Enter a name for the prompt.", page.Text("#Input_Name-error"));
        Assert.Contains("Write the prompt's text", page.Text("#Input_Content-error"));
        Assert.Equal("Kept description", page.Text("#Input_Description"));
        Assert.NotNull(page.Find("#error-summary[role=alert]"));
    }

    [Fact]
    public async Task TheListIsPagedAndHasAnEmptyState()
    {
        await using var fresh = new AppFactory();
        var (admin, _) = await fresh.AdminAndUserAsync();

        var empty = await admin.GetAsync("/admin/prompts");
        Assert.Equal("No prompts yet", empty.Text(".empty-state h2"));

        for (var i = 0; i < 27; i++)
        {
            await fresh.WithDbAsync(async db =>
            {
                db.SystemPrompts.Add(new LlmPages.Data.Entities.SystemPrompt { Name = $"Prompt {i:00}", Content = "Text" });
                return await db.SaveChangesAsync();
            });
        }
        var first = await admin.GetAsync("/admin/prompts");
        var second = await admin.GetAsync("/admin/prompts?page=2");

        Assert.Equal(25, first.FindAll("tbody tr").Count());
        Assert.Equal(["Prompt 25", "Prompt 26"], second.FindAll("tbody tr th").Select(t => t.TextContent.Trim()));
        Assert.NotNull(first.Find("nav.pagination a[href='/admin/prompts?page=2']"));
    }
}

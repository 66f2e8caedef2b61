using System.Net;
using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Projects;

/// <summary>
/// Creating, listing, showing and editing projects through the real forms: what a person sees, and every way the form
/// refuses what it cannot save, next to the field, keeping what was typed.
/// </summary>
public sealed class ProjectPagesTests
{
    [Fact]
    public async Task APersonWithoutProjectsIsInvitedToCreateOne()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();

        var page = await user.GetAsync("/projects");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("No projects yet", page.Text(".empty-state h2"));
        Assert.NotNull(page.Find(".empty-state a[href='/projects/new']"));
        Assert.Equal("page", page.Find(".site-nav a[href='/projects']")!.GetAttribute("aria-current"));
    }

    [Fact]
    public async Task ACreatedProjectShowsItsDescriptionAndDefaultsAndIsListed()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var model = await chat.App.WithDbAsync(db => db.AiModels.SingleAsync());

        var page = await user.CreateProjectAsync("  Thesis  ", new Dictionary<string, string>
        {
            ["Input.Description"] = "Chapters and sources",
            ["Input.Defaults.ModelId"] = model.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Defaults.Temperature"] = "0.4",
            ["Input.Defaults.MaxTokens"] = "500",
            ["Input.Defaults.SystemPrompt"] = "Cite your sources.",
        });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Created the project “Thesis”.", page.Text("#flash"), StringComparison.Ordinal);
        Assert.Equal("Thesis", page.Text("h1"));
        Assert.Equal("Chapters and sources", page.Text("main .lead"));
        var defaults = page.Text("main .stats");
        Assert.Contains(ChatApp.ModelName, defaults, StringComparison.Ordinal);
        Assert.Contains("0.4", defaults, StringComparison.Ordinal);
        Assert.Contains("500", defaults, StringComparison.Ordinal);
        Assert.Contains("Cite your sources.", page.Text("main"), StringComparison.Ordinal);
        Assert.Equal("No chats in this project yet", page.Text(".empty-state h3"));
        var saved = await chat.App.ProjectAsync(page.ProjectId());
        Assert.Equal(("Thesis", "Chapters and sources", model.Id, 0.4, 500, "Cite your sources."),
            (saved!.Name, saved.Description, saved.DefaultModelId, saved.DefaultTemperature!.Value, saved.DefaultMaxTokens!.Value, saved.DefaultSystemPrompt));

        var list = await user.GetAsync("/projects");
        Assert.Equal(["Thesis"], list.FindAll(".card__title a").Select(a => a.TextContent.Trim()));
        Assert.Contains("0 chats", list.Text(".card"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Input.Name", "", "Enter a name for the project.")]
    [InlineData("Input.Name", "   ", "Enter a name for the project.")]
    [InlineData("Input.Name", "101", "A project name is at most 100 characters long.")]
    [InlineData("Input.Description", "1001", "A description is at most 1,000 characters long.")]
    [InlineData("Input.Defaults.Temperature", "5", "Temperature must be between 0 and 2.")]
    [InlineData("Input.Defaults.Temperature", "-0.1", "Temperature must be between 0 and 2.")]
    [InlineData("Input.Defaults.Temperature", "warm", "Temperature")]
    [InlineData("Input.Defaults.MaxTokens", "0", "Max tokens must be a whole number from 1 to 1,000,000.")]
    [InlineData("Input.Defaults.MaxTokens", "5000", "writes at most 2,048 tokens per reply")]
    [InlineData("Input.Defaults.ModelId", "999", "That model is not available any more.")]
    [InlineData("Input.Defaults.SystemPromptId", "999", "That saved prompt is not available any more.")]
    [InlineData("Input.Defaults.SystemPrompt", "20001", "The system prompt can be at most 20,000 characters long.")]
    public async Task ABadFieldIsRefusedNextToItInTheSummaryAndWhatWasTypedIsKept(string field, string value, string reason)
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var modelId = await chat.App.WithDbAsync(async db =>
        {
            db.SystemPrompts.Add(new SystemPrompt { Name = "Pirate", Content = "Talk like a pirate." }); // so the saved prompts are offered
            await db.SaveChangesAsync();
            return await db.AiModels.Select(m => m.Id).SingleAsync();
        });
        value = int.TryParse(value, out var length) && field is "Input.Name" or "Input.Description" or "Input.Defaults.SystemPrompt" ? new string('n', length) : value;
        var fields = new Dictionary<string, string> { ["Input.Description"] = "Kept description", [field] = value };
        if (field == "Input.Defaults.MaxTokens")
        {
            // Longer than the model writes is only wrong for a chosen model: otherwise it is cut to the model's limit.
            fields["Input.Defaults.ModelId"] = modelId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var page = await user.CreateProjectAsync(field == "Input.Name" ? value : "Kept name", fields);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        var id = field.Replace('.', '_');
        Assert.Contains(reason, page.Text($"#{id}-error"), StringComparison.Ordinal);
        Assert.Contains(reason, page.Text("#error-summary"), StringComparison.Ordinal);
        Assert.Equal("true", page.Find($"#{id}")!.GetAttribute("aria-invalid"));
        if (field != "Input.Description")
        {
            Assert.Equal("Kept description", page.Find("#Input_Description")!.TextContent);
        }
        if (field != "Input.Name")
        {
            Assert.Equal("Kept name", page.Find("#Input_Name")!.GetAttribute("value"));
        }
        Assert.Equal(0, await chat.App.WithDbAsync(db => db.Projects.CountAsync()));
    }

    [Fact]
    public async Task NamesAreUniquePerPersonIgnoringCaseAndSpacesButTwoPeopleMayShareOne()
    {
        await using var chat = await ChatApp.StartAsync();
        using var ada = await chat.NewUserAsync("Ada");
        using var bob = await chat.NewUserAsync("Bob");
        await ada.NewProjectAsync("Kitchen renovation");

        var again = await ada.CreateProjectAsync("KITCHEN   Renovation");
        var bobs = await bob.CreateProjectAsync("Kitchen renovation");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.Status);
        Assert.Contains("You already have a project called “Kitchen renovation”. Choose another name.", again.Text("#Input_Name-error"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, bobs.Status);
        Assert.Equal("Kitchen renovation", bobs.Text("h1"));
    }

    [Fact]
    public async Task EditingChangesTheNameDescriptionAndDefaultsButNotIntoAnotherProjectsName()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var id = await user.NewProjectAsync("Garden", new Dictionary<string, string> { ["Input.Defaults.Temperature"] = "1.2" });
        await user.NewProjectAsync("Taxes");

        var clash = await user.EditProjectAsync(id, new Dictionary<string, string> { ["Input.Name"] = "taxes" });
        var edited = await user.EditProjectAsync(id, new Dictionary<string, string>
        {
            ["Input.Name"] = "GARDEN and pond",
            ["Input.Description"] = "Plants",
            ["Input.Defaults.Temperature"] = "",
            ["Input.Defaults.SystemPrompt"] = "Be brief.",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, clash.Status);
        Assert.Contains("You already have a project called “Taxes”.", clash.Text("#Input_Name-error"), StringComparison.Ordinal);
        Assert.Equal("Edit the project “Garden”", clash.Text("h1"));
        Assert.Contains("Saved the project “GARDEN and pond”.", edited.Text("#flash"), StringComparison.Ordinal);
        var saved = await chat.App.ProjectAsync(id);
        Assert.Equal(("GARDEN and pond", "Plants", null, "Be brief."), (saved!.Name, saved.Description, saved.DefaultTemperature, saved.DefaultSystemPrompt));
        // Its own name in another case is no clash.
        var recased = await user.EditProjectAsync(id, new Dictionary<string, string> { ["Input.Name"] = "Garden and pond" });
        Assert.Equal(HttpStatusCode.OK, recased.Status);
        Assert.Equal("Garden and pond", recased.Text("h1"));
    }

    [Fact]
    public async Task TheEditFormShowsTheSavedValues()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var id = await user.NewProjectAsync("Novel", new Dictionary<string, string>
        {
            ["Input.Description"] = "Chapter drafts",
            ["Input.Defaults.Temperature"] = "1.5",
            ["Input.Defaults.MaxTokens"] = "800",
            ["Input.Defaults.SystemPrompt"] = "You are an editor.",
        });

        var form = await user.GetAsync($"/projects/{id}/edit");

        Assert.Equal("Novel", form.Find("#Input_Name")!.GetAttribute("value"));
        Assert.Equal("Chapter drafts", form.Find("#Input_Description")!.TextContent);
        Assert.Equal("1.5", form.Find("#Input_Defaults_Temperature")!.GetAttribute("value"));
        Assert.Equal("800", form.Find("#Input_Defaults_MaxTokens")!.GetAttribute("value"));
        Assert.Equal("You are an editor.", form.Find("#Input_Defaults_SystemPrompt")!.TextContent);
        Assert.Equal("", form.Find("#Input_Defaults_ModelId option[selected]")?.GetAttribute("value") ?? "");
    }

    [Fact]
    public async Task ProjectsAreListedByMostRecentActivityWithTheirNumberOfChats()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var older = await user.NewProjectAsync("Older project");
        var newer = await user.NewProjectAsync("Newer project");
        await user.NewProjectAsync("Newest, empty");
        // The older project's chat changed after every project was made.
        await chat.App.SeedChatsAsync(newer, 2);
        var chats = await chat.App.SeedChatsAsync(older, 1);
        await chat.App.WithDbAsync(db => db.Conversations.Where(c => c.Id == chats[0])
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UpdatedAt, DateTime.UtcNow.AddMinutes(5))));

        var page = await user.GetAsync("/projects");

        Assert.Equal(["Older project", "Newest, empty", "Newer project"], page.FindAll(".card__title a").Select(a => a.TextContent.Trim()));
        Assert.Equal(["1 chat", "0 chats", "2 chats"], page.FindAll(".card .muted").Select(p => p.TextContent.Split('·')[0].Trim()));
    }
}

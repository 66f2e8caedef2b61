using System.Net;
using System.Text.Json.Nodes;
using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Projects;

/// <summary>
/// A new chat started in a project is filed in it with its first message and starts with the project's defaults,
/// copied onto the chat: they win over the person's own, field by field, and later edits of the project change no
/// chat already started. The model sees them in the request it receives.
/// </summary>
public sealed class NewChatInProjectTests
{
    private static readonly Dictionary<string, string?> NoTitleJobs = new() { ["LlmPages:Jobs:RunServer"] = "false" };

    [Fact]
    public async Task ANewChatInAProjectIsFiledInItAndTheModelReceivesTheProjectsPromptAndTemperature()
    {
        await using var chat = await ChatApp.StartAsync(NoTitleJobs);
        using var user = await chat.NewUserAsync();
        var projectId = await user.NewProjectAsync("Pirate research", new Dictionary<string, string>
        {
            ["Input.Defaults.Temperature"] = "0.3",
            ["Input.Defaults.MaxTokens"] = "321",
            ["Input.Defaults.SystemPrompt"] = "Answer like a pirate.",
        });

        var composer = await user.GetAsync($"/chat?projectId={projectId}");
        var page = await user.StartChatInProjectAsync(projectId, "Where is the treasure?");

        Assert.Equal("New chat in “Pirate research”", composer.Text("h1"));
        Assert.Equal($"/chat?projectId={projectId}", composer.Find("#composer")!.GetAttribute("action"));
        Assert.Equal("0.3", composer.Find("#Settings_Temperature")!.GetAttribute("value"));
        Assert.Equal("Answer like a pirate.", composer.Find("#Settings_SystemPrompt")!.TextContent.Trim());
        var body = chat.Model.LastRequest("chat/completions").Body!;
        Assert.Equal(0.3, body["temperature"]!.GetValue<double>(), 3);
        Assert.Equal(321, (body["max_completion_tokens"] ?? body["max_tokens"])!.GetValue<int>());
        var messages = body["messages"]!.AsArray();
        Assert.Equal(("system", "Answer like a pirate."), (messages[0]!["role"]!.GetValue<string>(), Text(messages[0]!)));
        var conversation = await chat.App.ConversationAsync(page.ConversationId());
        Assert.Equal(projectId, conversation!.ProjectId);
        Assert.Equal(("Answer like a pirate.", 0.3, 321), (conversation.SystemPrompt, conversation.Temperature!.Value, conversation.MaxTokens!.Value));
        // The chat says where it is filed, and the project lists it.
        Assert.Equal($"/projects/{projectId}", page.Find(".chat__project a")!.GetAttribute("href"));
        Assert.Equal(["Where is the treasure?"], (await user.GetAsync($"/projects/{projectId}")).ChatTitles());
    }

    [Fact]
    public async Task TheProjectsDefaultsWinOverThePersonsOwnFieldByField()
    {
        await using var chat = await ChatApp.StartAsync(NoTitleJobs);
        using var user = await chat.NewUserAsync();
        var projectId = await user.NewProjectAsync("Precise", new Dictionary<string, string>
        {
            ["Input.Defaults.Temperature"] = "0.1",
            ["Input.Defaults.SystemPrompt"] = "Be precise.",
        });
        var project = await chat.App.ProjectAsync(projectId);
        await chat.App.WithDbAsync(db =>
        {
            db.UserSettings.Add(new UserSettings
            {
                UserId = project!.OwnerId,
                DefaultTemperature = 1.7,
                DefaultSystemPrompt = "Be playful.",
                DefaultMaxTokens = 222,
            });
            return db.SaveChangesAsync();
        });

        var inProject = await user.StartChatInProjectAsync(projectId, "In the project");
        var projectRequest = chat.Model.LastRequest("chat/completions").Body!;
        var outside = await user.StartChatAsync("Outside any project");
        var ownRequest = chat.Model.LastRequest("chat/completions").Body!;

        Assert.Equal(0.1, projectRequest["temperature"]!.GetValue<double>(), 3);
        Assert.Equal("Be precise.", Text(projectRequest["messages"]![0]!));
        // The project sets no max tokens: the person's own applies.
        Assert.Equal(222, (projectRequest["max_completion_tokens"] ?? projectRequest["max_tokens"])!.GetValue<int>());
        Assert.Equal(1.7, ownRequest["temperature"]!.GetValue<double>(), 3);
        Assert.Equal("Be playful.", Text(ownRequest["messages"]![0]!));
        Assert.Equal(projectId, (await chat.App.ConversationAsync(inProject.ConversationId()))!.ProjectId);
        Assert.Null((await chat.App.ConversationAsync(outside.ConversationId()))!.ProjectId);
    }

    [Fact]
    public async Task ASavedPromptChosenForTheProjectIsChosenForItsNewChats()
    {
        await using var chat = await ChatApp.StartAsync(NoTitleJobs);
        using var user = await chat.NewUserAsync();
        var promptId = await chat.App.WithDbAsync(async db =>
        {
            var prompt = new SystemPrompt { Name = "Reviewer", Content = "Review the code you are shown." };
            db.SystemPrompts.Add(prompt);
            await db.SaveChangesAsync();
            return prompt.Id;
        });
        var projectId = await user.NewProjectAsync("Code review", new Dictionary<string, string>
        {
            ["Input.Defaults.SystemPromptId"] = promptId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        var composer = await user.GetAsync($"/chat?projectId={projectId}");
        await user.StartChatInProjectAsync(projectId, "Look at this");

        Assert.Equal(promptId.ToString(System.Globalization.CultureInfo.InvariantCulture), composer.Find("#Settings_SystemPromptId option[selected]")!.GetAttribute("value"));
        Assert.Equal("Review the code you are shown.", Text(chat.Model.LastRequest("chat/completions").Body!["messages"]![0]!));
    }

    [Fact]
    public async Task EditingTheProjectLaterChangesNoChatAlreadyInIt()
    {
        await using var chat = await ChatApp.StartAsync(NoTitleJobs);
        using var user = await chat.NewUserAsync();
        var projectId = await user.NewProjectAsync("Drafts", new Dictionary<string, string> { ["Input.Defaults.SystemPrompt"] = "First instructions." });
        var conversationId = (await user.StartChatInProjectAsync(projectId, "Hello")).ConversationId();

        await user.EditProjectAsync(projectId, new Dictionary<string, string> { ["Input.Defaults.SystemPrompt"] = "New instructions." });
        await user.SendAsync(conversationId, "Still there?");

        Assert.Equal("First instructions.", Text(chat.Model.LastRequest("chat/completions").Body!["messages"]![0]!));
        Assert.Equal("First instructions.", (await chat.App.ConversationAsync(conversationId))!.SystemPrompt);
    }

    [Fact]
    public async Task ARefusedFirstMessageFilesNothingAndKeepsTheProject()
    {
        await using var chat = await ChatApp.StartAsync(NoTitleJobs);
        using var user = await chat.NewUserAsync();
        var projectId = await user.NewProjectAsync("Careful");

        var page = await user.ComposeAsync($"/chat?projectId={projectId}", new Dictionary<string, string>
        {
            ["Input.Text"] = "Typed with care",
            ["Settings.Temperature"] = "9",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Equal($"/chat?projectId={projectId}", page.Find("#composer")!.GetAttribute("action"));
        Assert.Equal("Typed with care", page.Find("#Input_Text")!.TextContent);
        Assert.Equal(0, await chat.App.WithDbAsync(db => db.Conversations.CountAsync()));
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("00000000-0000-0000-0000-000000000001")]
    public async Task ANewChatInAProjectThatIsNotThePersonsIsNotFound(string projectId)
    {
        await using var chat = await ChatApp.StartAsync(NoTitleJobs);
        using var user = await chat.NewUserAsync();

        var page = await user.GetAsync($"/chat?projectId={projectId}");
        var post = await user.PostWithTokenAsync($"/chat?projectId={projectId}", new Dictionary<string, string> { ["Input.Text"] = "Hello" });

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal(HttpStatusCode.NotFound, post.Status);
        Assert.Equal(0, await chat.App.WithDbAsync(db => db.Conversations.CountAsync()));
    }

    private static string Text(JsonNode message) =>
        message["content"] is JsonArray parts
            ? string.Concat(parts.Select(p => p!["text"]?.GetValue<string>()))
            : message["content"]!.GetValue<string>();
}

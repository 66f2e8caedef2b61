using System.Net;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Projects;

/// <summary>
/// Another person's project is simply not found, on every page and in every form that names one: showing, editing,
/// deleting, starting a chat in it, and moving a chat into it. Another person's chat cannot be moved either, into any
/// project. (The ownership sweep covers every route with a <c>projectId</c> as well.)
/// </summary>
public sealed class ProjectOwnershipTests
{
    [Fact]
    public async Task AnotherPersonsProjectIsNotFoundAnywhereAndNothingOfItChanges()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false" });
        using var owner = await chat.NewUserAsync("Owner");
        using var other = await chat.NewUserAsync("Other");
        var projectId = await owner.NewProjectAsync("Private plans", new Dictionary<string, string> { ["Input.Description"] = "Secret" });
        var ownerChat = (await chat.App.SeedChatsAsync(projectId, 1))[0];
        var otherChat = (await other.StartChatAsync("Other's chat")).ConversationId();

        var answers = new Dictionary<string, HttpStatusCode>
        {
            ["GET project"] = (await other.GetAsync($"/projects/{projectId}")).Status,
            ["GET edit"] = (await other.GetAsync($"/projects/{projectId}/edit")).Status,
            ["POST edit"] = (await other.PostWithTokenAsync($"/projects/{projectId}/edit", new Dictionary<string, string> { ["Input.Name"] = "Hijacked" })).Status,
            ["GET delete"] = (await other.GetAsync($"/projects/{projectId}/delete")).Status,
            ["POST delete, keep"] = (await other.PostWithTokenAsync($"/projects/{projectId}/delete", new Dictionary<string, string> { ["Chats"] = "keep" })).Status,
            ["POST delete, chats too"] = (await other.PostWithTokenAsync($"/projects/{projectId}/delete", new Dictionary<string, string> { ["Chats"] = "delete" })).Status,
            ["GET new chat in it"] = (await other.GetAsync($"/chat?projectId={projectId}")).Status,
            ["POST new chat in it"] = (await other.PostWithTokenAsync($"/chat?projectId={projectId}", new Dictionary<string, string> { ["Input.Text"] = "Sneak in" })).Status,
            ["POST own chat into it"] = (await other.PostWithTokenAsync($"/chat/{otherChat}/move", new Dictionary<string, string> { ["ProjectId"] = projectId.ToString() })).Status,
            ["POST owner's chat out of it"] = (await other.PostWithTokenAsync($"/chat/{ownerChat}/move", new Dictionary<string, string> { ["ProjectId"] = "" })).Status,
            ["GET owner's chat's move page"] = (await other.GetAsync($"/chat/{ownerChat}/move")).Status,
        };

        Assert.All(answers, a => Assert.True(a.Value == HttpStatusCode.NotFound, $"{a.Key}: {(int)a.Value}"));
        var project = await chat.App.ProjectAsync(projectId);
        Assert.Equal(("Private plans", "Secret"), (project!.Name, project.Description));
        Assert.Equal(projectId, (await chat.App.ConversationAsync(ownerChat))!.ProjectId);
        Assert.Null((await chat.App.ConversationAsync(otherChat))!.ProjectId);
        Assert.Equal(1, await chat.App.WithDbAsync(db => db.Conversations.CountAsync(c => c.ProjectId == projectId)));
        Assert.Equal(2, (await chat.App.MessagesAsync(ownerChat)).Count);
    }

    [Fact]
    public async Task APersonSeesOnlyTheirOwnProjectsInListsAndChoices()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false" });
        using var owner = await chat.NewUserAsync("Owner");
        using var other = await chat.NewUserAsync("Other");
        await owner.NewProjectAsync("Owner's project");
        await other.NewProjectAsync("Other's project");
        var otherChat = (await other.StartChatAsync("Other's chat")).ConversationId();

        var list = await other.GetAsync("/projects");
        var chatPage = await other.GetAsync($"/chat/{otherChat}");
        var movePage = await other.GetAsync($"/chat/{otherChat}/move");

        Assert.Equal(["Other's project"], list.FindAll(".card__title a").Select(a => a.TextContent.Trim()));
        Assert.Equal(["No project", "Other's project"], chatPage.FindAll("#chat-project option").Select(o => o.TextContent.Trim()));
        Assert.Equal(["No project", "Other's project"], movePage.FindAll("#ProjectId option").Select(o => o.TextContent.Trim()));
    }
}

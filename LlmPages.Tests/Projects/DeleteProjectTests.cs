using System.Net;
using LlmPages.Chat.Streaming;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure.FakeModels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.Projects;

/// <summary>
/// Deleting a project asks first, says how many chats it holds, and does what the person chose with them: they stay,
/// outside any project, or they go with it, every message included. Nothing else is touched.
/// </summary>
public sealed class DeleteProjectTests
{
    private static readonly Dictionary<string, string?> NoTitleJobs = new() { ["LlmPages:Jobs:RunServer"] = "false" };

    [Fact]
    public async Task TheDeletePageSaysHowManyChatsTheProjectHoldsAndOffersBothChoices()
    {
        await using var chat = await ChatApp.StartAsync(NoTitleJobs);
        using var user = await chat.NewUserAsync();
        var projectId = await user.NewProjectAsync("Archive");
        await chat.App.SeedChatsAsync(projectId, 3);

        var page = await user.GetAsync($"/projects/{projectId}/delete");

        Assert.Equal("Delete the project “Archive”?", page.Text("h1"));
        Assert.Contains("It holds 3 chats.", page.Text("main"), StringComparison.Ordinal);
        Assert.Equal(["Delete the project, keep its chats", "Delete the project and its 3 chats"], page.FindAll("main form button").Select(b => b.TextContent.Trim()));
        Assert.All(page.FindAll("main form"), f => Assert.Contains("“Archive”", f.GetAttribute("data-confirm"), StringComparison.Ordinal));
        Assert.Contains("This cannot be undone.", page.Find("main form:has(input[value=delete])")!.GetAttribute("data-confirm"), StringComparison.Ordinal);
        Assert.NotNull(await chat.App.ProjectAsync(projectId)); // asking deletes nothing
    }

    [Fact]
    public async Task KeepingTheChatsTakesThemOutOfTheProjectWithEveryMessage()
    {
        await using var chat = await ChatApp.StartAsync(NoTitleJobs);
        using var user = await chat.NewUserAsync();
        var projectId = await user.NewProjectAsync("Short-lived");
        var ids = await chat.App.SeedChatsAsync(projectId, 2);

        var page = await user.DeleteProjectAsync(projectId, deleteChats: false);

        Assert.Equal("/projects", page.Url.AbsolutePath);
        Assert.Contains("Deleted the project “Short-lived”. Its 2 chats are kept, outside any project.", page.Text("#flash"), StringComparison.Ordinal);
        Assert.Null(await chat.App.ProjectAsync(projectId));
        foreach (var id in ids)
        {
            Assert.Null((await chat.App.ConversationAsync(id))!.ProjectId);
            Assert.Equal(2, (await chat.App.MessagesAsync(id)).Count);
        }
        Assert.Equal("No projects yet", page.Text(".empty-state h2"));
    }

    [Fact]
    public async Task DeletingTheChatsTooDeletesThemAndTheirMessagesAndNothingElse()
    {
        await using var chat = await ChatApp.StartAsync(NoTitleJobs);
        using var user = await chat.NewUserAsync();
        var doomed = await user.NewProjectAsync("Doomed");
        var kept = await user.NewProjectAsync("Kept");
        var doomedChats = await chat.App.SeedChatsAsync(doomed, 3);
        var keptChats = await chat.App.SeedChatsAsync(kept, 1);
        var loose = (await user.StartChatAsync("Loose chat")).ConversationId();

        var page = await user.DeleteProjectAsync(doomed, deleteChats: true);

        Assert.Contains("Deleted the project “Doomed” and its 3 chats.", page.Text("#flash"), StringComparison.Ordinal);
        Assert.Null(await chat.App.ProjectAsync(doomed));
        Assert.Equal(0, await chat.App.WithDbAsync(db => db.Conversations.CountAsync(c => doomedChats.Contains(c.Id))));
        Assert.Equal(0, await chat.App.WithDbAsync(db => db.Messages.CountAsync(m => doomedChats.Contains(m.ConversationId))));
        Assert.Equal(kept, (await chat.App.ConversationAsync(keptChats[0]))!.ProjectId);
        Assert.Equal(2, (await chat.App.MessagesAsync(keptChats[0])).Count);
        Assert.Equal(2, (await chat.App.MessagesAsync(loose)).Count);
        Assert.Equal(["Kept"], page.FindAll(".card__title a").Select(a => a.TextContent.Trim()));
    }

    [Fact]
    public async Task AnEmptyProjectIsDeletedWithOneButton()
    {
        await using var chat = await ChatApp.StartAsync(NoTitleJobs);
        using var user = await chat.NewUserAsync();
        var projectId = await user.NewProjectAsync("Empty");

        var confirm = await user.GetAsync($"/projects/{projectId}/delete");
        var page = await user.SubmitAsync(confirm, "main form");

        Assert.Contains("It holds no chats.", confirm.Text("main"), StringComparison.Ordinal);
        Assert.Single(confirm.FindAll("main form"));
        Assert.Contains("Deleted the project “Empty”.", page.Text("#flash"), StringComparison.Ordinal);
        Assert.Null(await chat.App.ProjectAsync(projectId));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("both")]
    public async Task WithoutAChoiceNothingIsDeletedAndThePageSaysWhy(string? choice)
    {
        await using var chat = await ChatApp.StartAsync(NoTitleJobs);
        using var user = await chat.NewUserAsync();
        var projectId = await user.NewProjectAsync("Undecided");
        var ids = await chat.App.SeedChatsAsync(projectId, 1);

        var page = await user.PostWithTokenAsync($"/projects/{projectId}/delete", choice is null ? null : new Dictionary<string, string> { ["Chats"] = choice });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains("Choose whether to keep the project’s chats or to delete them with it.", page.Text("#error-summary"), StringComparison.Ordinal);
        Assert.NotNull(await chat.App.ProjectAsync(projectId));
        Assert.Equal(projectId, (await chat.App.ConversationAsync(ids[0]))!.ProjectId);
    }

    [Fact]
    public async Task AReplyBeingWrittenInAChatDeletedWithItsProjectIsStoppedFirst()
    {
        await using var chat = await ChatApp.StartAsync(NoTitleJobs);
        using var user = await chat.NewUserAsync();
        var projectId = await user.NewProjectAsync("Busy");
        chat.Model.Script.Tokens = ["Still", " writing"];
        chat.Model.Script.TokenDelay = FakeScript.Forever;
        var conversationId = await StartHeldChatAsync(user, projectId);

        var page = await user.DeleteProjectAsync(projectId, deleteChats: true);

        Assert.Contains("Deleted the project “Busy” and its 1 chat.", page.Text("#flash"), StringComparison.Ordinal);
        Assert.Null(await chat.App.ConversationAsync(conversationId));
        Assert.Equal(0, await chat.App.WithDbAsync(db => db.Messages.CountAsync(m => m.ConversationId == conversationId)));
        Assert.Null(chat.App.Services.GetRequiredService<GenerationHub>().ForConversation(conversationId));
    }

    /// <summary>Starts a chat in the project the way htmx does (the reply keeps being written); returns its id.</summary>
    private static async Task<Guid> StartHeldChatAsync(Infrastructure.HtmlClient user, Guid projectId)
    {
        var page = await user.GetAsync($"/chat?projectId={projectId}");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/chat?projectId={projectId}")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Text"] = "Keep going",
                ["Settings.ModelId"] = page.Find("#Settings_ModelId option[selected]")!.GetAttribute("value")!,
            }),
        };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", page.Token());
        var started = await user.SendAsync(request);
        return started.ConversationId();
    }
}

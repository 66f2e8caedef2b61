using System.Net;
using LlmPages.Projects;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.Projects;

/// <summary>
/// A chat moves into a project and out again from its own page, from the project's list, and several at once through
/// <see cref="ProjectChats.MoveAsync"/> (the history page's bulk move); nothing of anyone else's moves or is moved into.
/// </summary>
public sealed class MoveChatTests
{
    private static readonly Dictionary<string, string?> NoTitleJobs = new() { ["LlmPages:Jobs:RunServer"] = "false" };

    [Fact]
    public async Task TheChatPageMovesAChatIntoAProjectAndOutAgain()
    {
        await using var chat = await ChatApp.StartAsync(NoTitleJobs);
        using var user = await chat.NewUserAsync();
        var conversationId = (await user.StartChatAsync("A loose chat")).ConversationId();
        var projectId = await user.NewProjectAsync("Tidy");

        var before = await user.GetAsync($"/chat/{conversationId}");
        var moved = await user.MoveFromChatPageAsync(conversationId, projectId);

        Assert.Null(before.Find(".chat__project a"));
        Assert.Equal("Add to a project", before.Text(".chat__project label"));
        Assert.Equal($"/chat/{conversationId}", moved.Url.AbsolutePath);
        Assert.Contains("Moved “A loose chat” to the project “Tidy”.", moved.Text("#flash"), StringComparison.Ordinal);
        Assert.Equal("Tidy", moved.Text(".chat__project a"));
        Assert.Equal(projectId.ToString(), moved.Find("#chat-project option[selected]")!.GetAttribute("value"));
        Assert.Equal(projectId, (await chat.App.ConversationAsync(conversationId))!.ProjectId);

        var unfiled = await user.MoveFromChatPageAsync(conversationId, null);

        Assert.Contains("“A loose chat” is no longer in a project.", unfiled.Text("#flash"), StringComparison.Ordinal);
        Assert.Null(unfiled.Find(".chat__project a"));
        Assert.Null((await chat.App.ConversationAsync(conversationId))!.ProjectId);
        Assert.Empty((await user.GetAsync($"/projects/{projectId}")).ChatTitles());
    }

    [Fact]
    public async Task AChatMovesFromOneProjectToAnotherFromTheProjectsListAndComesBackToIt()
    {
        await using var chat = await ChatApp.StartAsync(NoTitleJobs);
        using var user = await chat.NewUserAsync();
        var from = await user.NewProjectAsync("From");
        var to = await user.NewProjectAsync("To");
        var ids = await chat.App.SeedChatsAsync(from, 2);

        var list = await user.GetAsync($"/projects/{from}");
        var movePage = await user.GetAsync(list.Find($"a[href^='/chat/{ids[0]}/move']")!.GetAttribute("href")!);
        var moved = await user.SubmitAsync(movePage, "main form", new Dictionary<string, string> { ["ProjectId"] = to.ToString() });

        Assert.Equal("Move “Seeded 1”", movePage.Text("h1"));
        Assert.Contains("It is in the project From.", movePage.Text("main"), StringComparison.Ordinal);
        Assert.Equal($"/projects/{from}", moved.Url.PathAndQuery);
        Assert.Contains("Moved “Seeded 1” to the project “To”.", moved.Text("#flash"), StringComparison.Ordinal);
        Assert.Equal(["Seeded 2"], moved.ChatTitles());
        Assert.Equal(["Seeded 1"], (await user.GetAsync($"/projects/{to}")).ChatTitles());
    }

    [Fact]
    public async Task RemoveFromTheProjectsListTakesTheChatOutAndStaysOnThatPageOfTheList()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Chat:ConversationsPerPage"] = "5" });
        using var user = await chat.NewUserAsync();
        var projectId = await user.NewProjectAsync("Big");
        var ids = await chat.App.SeedChatsAsync(projectId, 7);

        var second = await user.GetAsync($"/projects/{projectId}?page=2");
        var after = await user.SubmitAsync(second, $"form[action='/chat/{ids[5]}/move']");

        Assert.Equal($"/projects/{projectId}?page=2", after.Url.PathAndQuery);
        Assert.Contains("“Seeded 6” is no longer in a project.", after.Text("#flash"), StringComparison.Ordinal);
        Assert.Equal(["Seeded 7"], after.ChatTitles());
        Assert.Null((await chat.App.ConversationAsync(ids[5]))!.ProjectId);
        Assert.NotNull(await chat.App.ConversationAsync(ids[5])); // out of the project, not deleted
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("12")]
    public async Task AProjectIdThatIsNotAnIdIsRefusedInWords(string value)
    {
        await using var chat = await ChatApp.StartAsync(NoTitleJobs);
        using var user = await chat.NewUserAsync();
        var conversationId = (await user.StartChatAsync("Stay put")).ConversationId();
        await user.NewProjectAsync("Somewhere");

        var page = await user.PostWithTokenAsync($"/chat/{conversationId}/move", new Dictionary<string, string> { ["ProjectId"] = value });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains("Choose one of your projects, or “No project”.", page.Text("#ProjectId-error"), StringComparison.Ordinal);
        Assert.Contains("Choose one of your projects", page.Text("#error-summary"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReturnAddressOnAnotherSiteIsIgnoredForTheChat()
    {
        await using var chat = await ChatApp.StartAsync(NoTitleJobs);
        using var user = await chat.NewUserAsync();
        var conversationId = (await user.StartChatAsync("Going nowhere else")).ConversationId();
        var projectId = await user.NewProjectAsync("Here");

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/chat/{conversationId}/move")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = (await user.GetAsync("/chat")).Token(),
                ["ProjectId"] = projectId.ToString(),
                ["ReturnUrl"] = "//evil.example/steal",
            }),
        };
        var response = await user.SendAsync(request);

        Assert.Equal($"/chat/{conversationId}", response.Url.AbsolutePath);
        Assert.Equal("localhost", response.Url.Host);
    }

    [Fact]
    public async Task ManyChatsMoveAtOnceAndNoneMoveWhenOneOrTheProjectIsAnotherPersons()
    {
        await using var chat = await ChatApp.StartAsync(NoTitleJobs);
        using var ada = await chat.NewUserAsync("Ada");
        using var bob = await chat.NewUserAsync("Bob");
        var adas = await ada.NewProjectAsync("Ada's");
        var target = await ada.NewProjectAsync("Target");
        var bobs = await bob.NewProjectAsync("Bob's");
        var adaChats = await chat.App.SeedChatsAsync(adas, 3);
        var bobChat = (await chat.App.SeedChatsAsync(bobs, 1))[0];
        var adaId = (await chat.App.ProjectAsync(adas))!.OwnerId;

        var intoBobs = await MoveAsync(chat, adaId, adaChats, bobs);
        var withBobs = await MoveAsync(chat, adaId, [.. adaChats, bobChat], target);
        var unknown = await MoveAsync(chat, adaId, adaChats, Guid.NewGuid());
        Assert.Equal((null, null, null), (intoBobs, withBobs, unknown));
        Assert.All(await Task.WhenAll(adaChats.Select(chat.App.ConversationAsync)), c => Assert.Equal(adas, c!.ProjectId));
        Assert.Equal(bobs, (await chat.App.ConversationAsync(bobChat))!.ProjectId);

        var moved = await MoveAsync(chat, adaId, [adaChats[0], adaChats[1], adaChats[1]], target);
        var unfiled = await MoveAsync(chat, adaId, [adaChats[2]], null);

        Assert.Equal((2, 1), (moved, unfiled));
        Assert.Equal([target, target, null], (await Task.WhenAll(adaChats.Select(chat.App.ConversationAsync))).Select(c => c!.ProjectId));
    }

    private static async Task<int?> MoveAsync(ChatApp chat, string ownerId, IReadOnlyCollection<Guid> chatIds, Guid? projectId)
    {
        await using var scope = chat.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ProjectChats>().MoveAsync(ownerId, chatIds, projectId, CancellationToken.None);
    }
}

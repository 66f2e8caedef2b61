using Hangfire;
using LlmPages.Chat;
using LlmPages.Jobs;
using LlmPages.Tests.Admin;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.Chat;

/// <summary>
/// A new chat is named from its first words at once, then by the model in a background job after its first
/// reply. The job is run here directly (the job server is off), so nothing races the assertions.
/// </summary>
public sealed class ConversationTitleTests
{
    private static readonly Dictionary<string, string?> NoJobServer = new() { ["LlmPages:Jobs:RunServer"] = "false" };

    [Fact]
    public async Task TheFirstReplyQueuesAJobThatNamesTheChatFromTheModelsAnswer()
    {
        await using var chat = await ChatApp.StartAsync(NoJobServer);
        using var user = await chat.NewUserAsync();
        var id = (await user.StartChatAsync("Could you help me plan a weekend in Lisbon?")).ConversationId();
        Assert.Equal("Could you help me plan a weekend in Lisbon?", await TitleAsync(chat, id));
        Assert.True(await WaitForQueuedJobAsync(chat), "No title job was queued after the first reply.");

        chat.Model.Script.Tokens = ["\"Weekend in Lisbon.\""];
        await RunTitleJobAsync(chat, id);

        Assert.Equal("Weekend in Lisbon", await TitleAsync(chat, id));
        var page = await user.GetAsync($"/chat/{id}");
        Assert.Equal("Weekend in Lisbon", page.Text("#chat-title"));
        Assert.Equal("Weekend in Lisbon", page.Find($".chat-list a[href='/chat/{id}']")!.TextContent.Trim());
        // The title request is a single, non-streamed question carrying the first message.
        var request = chat.Model.LastRequest("chat/completions").Body!;
        Assert.NotEqual(true, request["stream"]?.GetValue<bool>());
        Assert.Contains("plan a weekend in Lisbon", request["messages"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARenamedChatKeepsItsName()
    {
        await using var chat = await ChatApp.StartAsync(NoJobServer);
        using var user = await chat.NewUserAsync();
        var id = (await user.StartChatAsync("Could you help me plan a weekend in Lisbon?")).ConversationId();
        await user.PostWithTokenAsync($"/chat/{id}/rename", new Dictionary<string, string> { ["Input.Title"] = "My trip" });

        chat.Model.Script.Tokens = ["Weekend in Lisbon"];
        await RunTitleJobAsync(chat, id);

        Assert.Equal("My trip", await TitleAsync(chat, id));
    }

    [Fact]
    public async Task ASecondReplyQueuesNoFurtherTitleJob()
    {
        await using var chat = await ChatApp.StartAsync(NoJobServer);
        using var user = await chat.NewUserAsync();
        var id = (await user.StartChatAsync("Hello")).ConversationId();
        Assert.True(await WaitForQueuedJobAsync(chat));

        await user.SendAsync(id, "And again");
        await Task.Delay(300); // the job would be queued right after the reply is saved

        Assert.Equal(1, Queued(chat));
    }

    private static async Task RunTitleJobAsync(ChatApp chat, Guid id)
    {
        await using var scope = chat.App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ConversationTitleJob>().NameAsync(id, CancellationToken.None);
    }

    private static long Queued(ChatApp chat) =>
        chat.App.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedCount("default");

    private static async Task<bool> WaitForQueuedJobAsync(ChatApp chat)
    {
        // Queued just after the finished reply is saved, which may be a moment after the page arrived.
        for (var i = 0; i < 200 && Queued(chat) == 0; i++)
        {
            await Task.Delay(25);
        }
        return Queued(chat) > 0;
    }

    private static Task<string> TitleAsync(ChatApp chat, Guid id) =>
        chat.App.WithDbAsync(db => db.Conversations.AsNoTracking().Where(c => c.Id == id).Select(c => c.Title).SingleAsync());
}

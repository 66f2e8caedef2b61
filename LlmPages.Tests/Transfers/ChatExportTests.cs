using System.Net;
using System.Text.Json;
using LlmPages.Data.Entities;
using LlmPages.Tests.Chat;

namespace LlmPages.Tests.Transfers;

/// <summary>One chat downloaded as Markdown (the branch shown) or as JSON (every branch), by its owner only.</summary>
public sealed class ChatExportTests
{
    [Fact]
    public async Task MarkdownHasTheTitleModelAndTheBranchShownWithEachMessagesAuthorAndTime()
    {
        await using var chat = await ChatApp.StartAsync(TransferSteps.NoJobServer);
        using var user = await chat.NewUserAsync();
        var id = await ChatWithTwoVersionsAsync(chat, user);

        var (response, text) = await user.DownloadAsync($"/chat/{id}/export?format=md");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("holiday-plans-for-june.md", response.Content.Headers.ContentDisposition.FileName);
        Assert.StartsWith("# Holiday plans: for June?\n", text, StringComparison.Ordinal);
        Assert.Contains($"Model: {ChatApp.ModelName}", text, StringComparison.Ordinal);
        Assert.Contains("> Where should we go?", text, StringComparison.Ordinal);
        // The branch shown (the second answer), not the other version.
        Assert.Contains("Second answer", text, StringComparison.Ordinal);
        Assert.DoesNotContain("First answer", text, StringComparison.Ordinal);
        var message = (await chat.App.MessagesAsync(id)).First();
        Assert.Contains($"## You · {message.CreatedAt:yyyy-MM-dd HH:mm} UTC", text, StringComparison.Ordinal);
        Assert.Contains($"## {ChatApp.ModelName} · ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonHasEveryMessageOfEveryBranchWithIdsParentsAndFigures()
    {
        await using var chat = await ChatApp.StartAsync(TransferSteps.NoJobServer);
        using var user = await chat.NewUserAsync();
        var id = await ChatWithTwoVersionsAsync(chat, user);
        var saved = await chat.App.MessagesAsync(id);

        var (response, text) = await user.DownloadAsync($"/chat/{id}/export?format=json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("holiday-plans-for-june.json", response.Content.Headers.ContentDisposition!.FileName);
        using var json = JsonDocument.Parse(text);
        Assert.Equal("llmpages-chats", json.RootElement.GetProperty("format").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("version").GetInt32());
        var exported = Assert.Single(json.RootElement.GetProperty("chats").EnumerateArray());
        Assert.Equal("Holiday plans: for June?", exported.GetProperty("title").GetString());
        Assert.Equal(ChatApp.ModelName, exported.GetProperty("model").GetString());
        Assert.Equal(saved[^1].Id, exported.GetProperty("activeLeafId").GetGuid());
        var messages = exported.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(saved.Select(m => (m.Id, m.ParentId, m.Content)),
            messages.Select(m => (m.GetProperty("id").GetGuid(), m.GetProperty("parentId").ValueKind == JsonValueKind.Null ? (Guid?)null : m.GetProperty("parentId").GetGuid(), m.GetProperty("content").GetString()!)));
        var reply = messages.First(m => m.GetProperty("role").GetString() == "assistant");
        Assert.Equal("complete", reply.GetProperty("status").GetString());
        Assert.Equal(ChatApp.ModelName, reply.GetProperty("model").GetString());
        Assert.Equal(saved.First(m => m.Role == MessageRole.Assistant).CompletionTokens, reply.GetProperty("completionTokens").GetInt32());
        Assert.Equal(saved[0].CreatedAt, messages[0].GetProperty("createdAt").GetDateTime().ToUniversalTime());
    }

    [Fact]
    public async Task TheChatPageLinksToBothDownloadsAndToTheExportPage()
    {
        await using var chat = await ChatApp.StartAsync(TransferSteps.NoJobServer);
        using var user = await chat.NewUserAsync();
        var page = await user.StartChatAsync("Hello");
        var id = page.ConversationId();

        Assert.NotNull(page.Find($"a[href='/chat/{id}/export?format=md'][download][hx-boost=false]"));
        Assert.NotNull(page.Find($"a[href='/chat/{id}/export?format=json'][download][hx-boost=false]"));
        Assert.NotNull(page.Find(".chat-list a[href='/export']"));
    }

    [Fact]
    public async Task AnotherPersonAnUnknownChatOrAnUnknownFormatGetNotFound()
    {
        await using var chat = await ChatApp.StartAsync(TransferSteps.NoJobServer);
        using var owner = await chat.NewUserAsync("Owner");
        using var stranger = await chat.NewUserAsync("Stranger");
        var id = (await owner.StartChatAsync("A private question")).ConversationId();

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/chat/{id}/export?format=md")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/chat/{id}/export?format=json")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/chat/{Guid.NewGuid()}/export?format=md")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/chat/{id}/export?format=pdf")).Status);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/chat/{id}/export?format=md")).Status);
    }

    /// <summary>A chat with one question and two versions of its reply, the second shown.</summary>
    internal static async Task<Guid> ChatWithTwoVersionsAsync(ChatApp chat, Infrastructure.HtmlClient user)
    {
        chat.Model.Script.Tokens = ["First answer"];
        var page = await user.StartChatAsync("Where should we go?");
        var id = page.ConversationId();
        await user.PostWithTokenAsync($"/chat/{id}/rename", new Dictionary<string, string> { ["Input.Title"] = "Holiday plans: for June?" });
        chat.Model.Script.Tokens = ["Second answer"];
        var reply = page.FindAll(".message--assistant[id]").Last();
        await user.SubmitAsync(page, $"#{reply.Id} form[action$='/regenerate']");
        var messages = await chat.App.MessagesAsync(id);
        await chat.App.WaitForReplyAsync(messages[^1].Id);
        return id;
    }
}

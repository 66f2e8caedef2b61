using System.Net;
using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Chat;

/// <summary>
/// Every chat route is for the chat's owner only: anyone else gets 404 (not 403, which would confirm the chat
/// exists) and nothing changes. Posts carry the other person's own valid antiforgery token, so the 404 is about
/// ownership and not a missing token.
/// </summary>
public sealed class ChatOwnershipTests
{
    [Fact]
    public async Task AnotherPersonGetsNotFoundOnEveryChatRouteAndChangesNothing()
    {
        // No background jobs: the title job would change the chat while we compare it.
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false" });
        using var owner = await chat.NewUserAsync("Owner");
        using var stranger = await chat.NewUserAsync("Stranger");
        var page = await owner.StartChatAsync("A private question");
        var id = page.ConversationId();
        var messages = await chat.App.MessagesAsync(id);
        var question = messages.Single(m => m.Role == MessageRole.User).Id;
        var reply = messages.Single(m => m.Role == MessageRole.Assistant).Id;
        var before = await SnapshotAsync(chat, id);
        var requestsBefore = chat.Model.Requests.Count(r => r.Path.EndsWith("chat/completions", StringComparison.Ordinal));

        var gets = new[]
        {
            $"/chat/{id}",
            $"/chat/{id}?follow=1",
            $"/chat/{id}/generations/{reply}/events",
            $"/chat/{id}/generations/{reply}/stop",
            $"/chat/{id}/messages/{reply}",
            $"/chat/{id}/messages/{question}/edit",
            $"/chat/{id}/rename",
            $"/chat/{id}/delete",
        };
        foreach (var url in gets)
        {
            Assert.True(HttpStatusCode.NotFound == (await stranger.GetAsync(url)).Status, $"GET {url}");
            // htmx asks for message fragments; the answer must be the same.
            Assert.True(HttpStatusCode.NotFound == (await stranger.GetAsync(url, htmx: true)).Status, $"GET {url} (htmx)");
        }

        var posts = new (string Url, Dictionary<string, string> Fields)[]
        {
            ($"/chat/{id}", new() { ["Input.Text"] = "Injected", ["Input.ClientId"] = Guid.NewGuid().ToString(), ["Settings.ModelId"] = await ModelIdAsync(chat) }),
            ($"/chat/{id}?handler=settings", new() { ["Settings.ModelId"] = await ModelIdAsync(chat), ["Settings.SystemPrompt"] = "Be evil", ["Settings.Temperature"] = "1.5" }),
            ($"/chat/{id}/generations/{reply}/stop", new()),
            ($"/chat/{id}/messages/{reply}/regenerate", new()),
            ($"/chat/{id}/messages/{question}/edit", new() { ["Input.Text"] = "Edited by someone else" }),
            ($"/chat/{id}/messages/{question}/show", new()),
            ($"/chat/{id}/messages/{reply}/show", new()),
            ($"/chat/{id}/rename", new() { ["Input.Title"] = "Taken over" }),
            ($"/chat/{id}/delete", new()),
        };
        foreach (var (url, fields) in posts)
        {
            Assert.True(HttpStatusCode.NotFound == (await stranger.PostWithTokenAsync(url, fields)).Status, $"POST {url}");
        }

        Assert.Equal(before, await SnapshotAsync(chat, id));
        Assert.Equal(requestsBefore, chat.Model.Requests.Count(r => r.Path.EndsWith("chat/completions", StringComparison.Ordinal)));
        // The owner still has the chat, and the stranger's list does not show it.
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/chat/{id}")).Status);
        Assert.DoesNotContain($"/chat/{id}", (await stranger.GetAsync("/chat")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStrangersTokenIsValidSoTheNotFoundIsAboutOwnership()
    {
        // The same token and post on the stranger's own chat works: the 404s above are not antiforgery failures.
        await using var chat = await ChatApp.StartAsync();
        using var stranger = await chat.NewUserAsync("Stranger");
        var own = (await stranger.StartChatAsync("Mine")).ConversationId();

        var renamed = await stranger.PostWithTokenAsync($"/chat/{own}/rename", new Dictionary<string, string> { ["Input.Title"] = "My own title" });

        Assert.Equal(HttpStatusCode.OK, renamed.Status);
        Assert.Equal("My own title", renamed.Text("#chat-title"));
    }

    [Fact]
    public async Task UnknownIdsGiveNotFound()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var id = (await user.StartChatAsync("Hello")).ConversationId();
        var unknown = Guid.NewGuid();

        Assert.Equal(HttpStatusCode.NotFound, (await user.GetAsync($"/chat/{unknown}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await user.GetAsync($"/chat/{unknown}/rename")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await user.GetAsync($"/chat/{id}/messages/{unknown}", htmx: true)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await user.GetAsync($"/chat/{id}/generations/{unknown}/events")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await user.GetAsync($"/chat/{id}/generations/{unknown}/stop")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await user.PostWithTokenAsync($"/chat/{id}/messages/{unknown}/regenerate")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await user.PostWithTokenAsync($"/chat/{unknown}/delete")).Status);
    }

    private static async Task<string> ModelIdAsync(ChatApp chat) =>
        (await chat.App.WithDbAsync(db => db.AiModels.AsNoTracking().SingleAsync())).Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Everything the owner could lose: the chat's fields and every message's text and state.</summary>
    private static Task<string> SnapshotAsync(ChatApp chat, Guid id) =>
        chat.App.WithDbAsync(async db =>
        {
            var c = await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == id);
            var messages = await db.Messages.AsNoTracking().Where(m => m.ConversationId == id).OrderBy(m => m.CreatedAt)
                .Select(m => $"{m.Id}|{m.ParentId}|{m.Role}|{m.Status}|{m.Content}").ToListAsync();
            return $"{c.Title}|{c.ModelId}|{c.Temperature}|{c.MaxTokens}|{c.SystemPrompt}|{c.ActiveLeafId}|{c.UpdatedAt:O}\n{string.Join('\n', messages)}";
        });
}

using System.Net;
using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Infrastructure.FakeModels;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Chat;

/// <summary>
/// A changed security stamp (what a password change, deactivation or role change does) ends the session at the
/// next request and closes the person's open reply streams, while the reply itself goes on being written; so does
/// logging out, for that session's streams.
/// </summary>
public sealed class SessionEndsStreamsTests
{
    private static readonly Dictionary<string, string?> QuickChecks = new() { ["LlmPages:Chat:SessionCheckInterval"] = "00:00:00.200" };

    [Fact]
    public async Task ChangingTheStampClosesAnOpenEventStream()
    {
        await using var chat = await ChatApp.StartAsync(QuickChecks);
        using var user = await chat.NewUserAsync();
        var reply = await chat.SendWhileScriptedAsync(user, s =>
        {
            s.Tokens = ["First", " never"];
            s.TokenDelay = FakeScript.Forever;
        });
        using var response = await user.OpenEventsAsync(reply.EventsUrl);
        var events = ChatSteps.EventsAsync(response).GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());

        await ChangeStampAsync(chat, reply.ConversationId);

        // The stream ends (no more events, no done event) although the reply is still being written.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var rest = new List<SseEvent>();
        while (await events.MoveNextAsync().AsTask().WaitAsync(timeout.Token))
        {
            rest.Add(events.Current);
        }
        Assert.DoesNotContain(rest, e => e.Name == "reply-done");
        var saved = await chat.App.WithDbAsync(db => db.Messages.AsNoTracking().FirstAsync(m => m.Id == reply.ReplyId));
        Assert.Equal(MessageStatus.Streaming, saved.Status);

        // And the old session is over: the next request must sign in again.
        var page = await user.GetAsync($"/chat/{reply.ConversationId}");
        Assert.EndsWith("/account/login", page.Url.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoggingOutClosesTheSessionsOpenEventStream()
    {
        await using var chat = await ChatApp.StartAsync(QuickChecks);
        using var user = await chat.NewUserAsync();
        var reply = await chat.SendWhileScriptedAsync(user, s =>
        {
            s.Tokens = ["First", " never"];
            s.TokenDelay = FakeScript.Forever;
        });
        using var response = await user.OpenEventsAsync(reply.EventsUrl);
        var events = ChatSteps.EventsAsync(response).GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());

        // Another tab of the same browser logs out: the stream, open with the same cookie, must end too.
        await user.LogoutAsync();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var rest = new List<SseEvent>();
        while (await events.MoveNextAsync().AsTask().WaitAsync(timeout.Token))
        {
            rest.Add(events.Current);
        }
        Assert.DoesNotContain(rest, e => e.Name == "reply-done");
    }

    [Fact]
    public async Task ChangingTheStampEndsTheNoJavaScriptPageFollowingAReply()
    {
        await using var chat = await ChatApp.StartAsync(QuickChecks, kestrel: true);
        using var user = await chat.NewUserAsync();
        var reply = await chat.SendWhileScriptedAsync(user, s =>
        {
            s.Tokens = ["First", " never"];
            s.TokenDelay = FakeScript.Forever;
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/chat/{reply.ConversationId}?follow=1");
        using var response = await user.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = response.Content.ReadAsStringAsync();

        await ChangeStampAsync(chat, reply.ConversationId);

        // Without the stamp check this page would stay open until the reply ends, which here is never.
        var html = await body.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Contains("First", html, StringComparison.Ordinal);
        Assert.Contains("</html>", html, StringComparison.Ordinal);
    }

    private static Task ChangeStampAsync(ChatApp chat, Guid conversationId) =>
        chat.App.WithDbAsync(async db =>
        {
            var ownerId = await db.Conversations.Where(c => c.Id == conversationId).Select(c => c.OwnerId).SingleAsync();
            return await db.Users.Where(u => u.Id == ownerId)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.SecurityStamp, Guid.NewGuid().ToString("N")));
        });
}

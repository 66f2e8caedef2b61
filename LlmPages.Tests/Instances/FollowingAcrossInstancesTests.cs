using System.Text;
using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Instances;

/// <summary>
/// A reply written by one instance is followed live through another (a reload or a second tab that lands elsewhere):
/// from the saved text, then as more is saved, with the same event numbers, so <c>Last-Event-ID</c> resumes exactly on
/// either instance; without JavaScript <c>?follow=1</c> the same; and when the writer dies, its readers are told.
/// </summary>
public sealed class FollowingAcrossInstancesTests
{
    [PostgresFact]
    public async Task AReplyWrittenOnOneInstanceIsFollowedOnTheOtherAndResumesExactlyOnEither()
    {
        await using var chat = await ChatApp.StartAsync(InstanceLeaseTests.QuickLeases);
        using var second = chat.StartAnotherInstance();
        var (onFirst, onSecond) = await SeveralInstancesTests.OnePersonOnBothAsync(chat, second);
        var release = new TaskCompletionSource();
        var reply = await chat.SendWhileScriptedAsync(onFirst, s =>
        {
            s.Tokens = ["One ", "two ", "three <b>"];
            s.HoldAfterFirstToken = release.Task;
        });

        using var elsewhere = await onSecond.OpenEventsAsync(reply.EventsUrl);
        var events = ChatSteps.EventsAsync(elsewhere).GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());
        var first = events.Current;
        Assert.Equal(("One ", "4"), (first.Data, first.Id));
        // A reconnect with that event's id, on the writer and on the other instance alike.
        using var resumedHere = await onFirst.OpenEventsAsync(reply.EventsUrl, lastEventId: first.Id);
        using var resumedElsewhere = await onSecond.OpenEventsAsync(reply.EventsUrl, lastEventId: first.Id);
        release.SetResult();

        var rest = new List<SseEvent>();
        while (await events.MoveNextAsync())
        {
            rest.Add(events.Current);
        }
        await events.DisposeAsync();
        Assert.Equal("One two three <b>", first.Data + StreamSteps.TextOf(rest));
        Assert.Equal((EventStreamDone, "Complete"), (rest[^1].Name, rest[^1].Data));
        foreach (var resumed in new[] { resumedHere, resumedElsewhere })
        {
            var after = await ChatSteps.ReadEventsAsync(resumed);
            Assert.Equal("two three <b>", StreamSteps.TextOf(after));
            Assert.Equal("Complete", after[^1].Data);
        }
    }

    [PostgresFact]
    public async Task WithoutJavaScriptFollowShowsTheReplyWrittenOnTheOtherInstanceOnce()
    {
        await using var chat = await ChatApp.StartAsync(InstanceLeaseTests.QuickLeases);
        using var second = chat.StartAnotherInstance();
        var (onFirst, onSecond) = await SeveralInstancesTests.OnePersonOnBothAsync(chat, second);
        var release = new TaskCompletionSource();
        var reply = await chat.SendWhileScriptedAsync(onFirst, s =>
        {
            s.Tokens = ["Alpha ", "beta ", "gamma"];
            s.HoldAfterFirstToken = release.Task;
        });
        await chat.App.WaitForSavedAsync(reply.ReplyId, m => m.Content.Length > 0);

        using var page = await onSecond.Http.GetAsync($"/chat/{reply.ConversationId}?follow=1", HttpCompletionOption.ResponseHeadersRead);
        using var body = new StreamReader(await page.Content.ReadAsStreamAsync());
        var read = new StringBuilder(await ReadUntilAsync(body, "reply--raw\">Alpha "));
        release.SetResult();
        read.Append(await body.ReadToEndAsync());

        var html = read.ToString();
        var draft = html[(html.IndexOf("reply--raw\">", StringComparison.Ordinal) + "reply--raw\">".Length)..];
        Assert.StartsWith("Alpha beta gamma</div>", draft, StringComparison.Ordinal);
        Assert.Contains("draft-done.css", html, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task AReaderOnAnotherInstanceIsToldWhenTheWritingInstanceDies()
    {
        await using var chat = await ChatApp.StartAsync(InstanceLeaseTests.QuickLeases);
        using var second = chat.StartAnotherInstance();
        var (onFirst, onSecond) = await SeveralInstancesTests.OnePersonOnBothAsync(chat, second);
        var reply = await chat.SendWhileScriptedAsync(onFirst, s =>
        {
            s.Tokens = ["Saved before", " the end"];
            s.HoldAfterFirstToken = new TaskCompletionSource().Task;
        });
        await chat.App.WaitForSavedAsync(reply.ReplyId, m => m.Content.Length > 0);
        using var elsewhere = await onSecond.OpenEventsAsync(reply.EventsUrl);

        // As if the writer had died: its reply now names an instance without a lease.
        await chat.App.WithDbAsync(db => db.Messages.Where(m => m.Id == reply.ReplyId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.InstanceId, Guid.NewGuid())));
        var events = await ChatSteps.ReadEventsAsync(elsewhere);

        Assert.Equal("Saved before", StreamSteps.TextOf(events));
        Assert.Equal((EventStreamDone, "Interrupted"), (events[^1].Name, events[^1].Data));
    }

    private const string EventStreamDone = "reply-done";

    private static async Task<string> ReadUntilAsync(StreamReader body, string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var read = new StringBuilder();
        var buffer = new char[4096];
        while (read.ToString().IndexOf(text, StringComparison.Ordinal) < 0)
        {
            var count = await body.ReadAsync(buffer, timeout.Token);
            Assert.True(count > 0, $"The page ended before \"{text}\" arrived:\n{read}");
            read.Append(buffer, 0, count);
        }
        return read.ToString();
    }
}

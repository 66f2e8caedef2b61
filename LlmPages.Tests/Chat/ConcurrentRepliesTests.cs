using System.Diagnostics;
using System.Globalization;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LlmPages.Tests.Chat;

/// <summary>
/// Many replies written at once through the real app (real HTTP, several people), on either engine: every one ends
/// complete, whole and counted, and their text is saved while they stream in one transaction per
/// <c>FlushInterval</c> for all of them, never one per reply; on PostgreSQL in one round trip, too.
/// </summary>
public sealed class ConcurrentRepliesTests
{
    private const int People = 4;
    private const int RepliesEach = 50;
    private const string FirstToken = "Every";
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task TwoHundredRepliesWrittenAtOnceAllEndCompleteAndAreSavedWhileStreamingInOneTransactionPerInterval()
    {
        var saves = new PartialSaveCounter();
        await using var chat = await StartAsync(saves);
        var allStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstTokensSaved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var script = Hold(chat, allStarted, firstTokensSaved);
        var people = new List<HtmlClient>();
        try
        {
            // Several people, since each may have only so many replies written at once.
            for (var i = 0; i < People; i++)
            {
                people.Add(await chat.NewUserAsync($"Person {i}"));
            }
            var replies = await StartHeldRepliesAsync(chat, people, People * RepliesEach);
            var ids = replies.Select(r => r.Reply.ReplyId).ToList();
            // Some of them followed over their event streams, as htmx would, from before their first token.
            var followed = replies.Where((_, i) => i % 10 == 0).ToList();
            var streams = await Task.WhenAll(followed.Select(f => f.Owner.OpenEventsAsync(f.Reply.EventsUrl)));
            var reads = streams.Select(s => ChatSteps.ReadEventsAsync(s)).ToList();

            // Every reply sends its first token, then waits until that is saved for all of them.
            var before = saves.Committed;
            var clock = Stopwatch.StartNew();
            allStarted.SetResult();
            // The counter hears of a commit just after the rows can be read: it is waited for too.
            await WaitForAsync(async () => await CountAsync(chat, ids, m => m.Status == MessageStatus.Streaming && m.Content == FirstToken) == ids.Count
                && saves.Committed > before, "every reply's first token to be saved while it streams");
            var (firstSaves, firstSpan) = (saves.Committed - before, clock.Elapsed);
            // The timer ticks once per interval (and once more at once after a late tick): one save per tick for all.
            var ticks = (int)(firstSpan / FlushInterval) + 3;
            Assert.True(firstSaves >= 1 && firstSaves <= ticks,
                $"The first tokens of {ids.Count} replies were saved in {firstSaves} transactions within {firstSpan.TotalMilliseconds:0} ms ({ticks} ticks at most).");

            before = saves.Committed;
            clock.Restart();
            firstTokensSaved.SetResult();
            await WaitForAsync(async () => await CountAsync(chat, ids, m => m.Status != MessageStatus.Streaming) == ids.Count, "every reply to end");
            var (restSaves, restSpan) = (saves.Committed - before, clock.Elapsed);
            ticks = (int)(restSpan / FlushInterval) + 3;
            Assert.True(restSaves <= ticks,
                $"The rest of {ids.Count} replies was saved while streaming in {restSaves} transactions within {restSpan.TotalMilliseconds:0} ms ({ticks} ticks at most).");

            var saved = await chat.App.WithDbAsync(db => db.Messages.AsNoTracking().Where(m => ids.Contains(m.Id)).ToListAsync());
            Assert.Equal(ids.Count, saved.Count);
            Assert.All(saved, m => Assert.Equal((MessageStatus.Complete, script.Reply), (m.Status, m.Content)));
            var usage = await chat.App.WithDbAsync(db => db.UsageLogs.AsNoTracking().Where(u => ids.Contains(u.MessageId!.Value)).Select(u => u.MessageId!.Value).ToListAsync());
            Assert.Equal(ids.Order(), usage.Order());
            foreach (var events in await Task.WhenAll(reads))
            {
                Assert.Equal(script.Reply, StreamSteps.TextOf(events));
                Assert.Equal(("reply-done", "Complete"), (events[^1].Name, events[^1].Data));
            }
        }
        finally
        {
            allStarted.TrySetResult();
            firstTokensSaved.TrySetResult();
            people.ForEach(p => p.Dispose());
        }
    }

    [PostgresFact]
    public async Task OnPostgreSqlEachSaveOfTheRepliesPartialTextIsOneRoundTripForAllOfThem()
    {
        // One round trip per reply would make a save of a thousand replies wait for a thousand answers, and take
        // longer than its interval on a busy machine.
        var saves = new PartialSaveCounter();
        await using var chat = await StartAsync(saves);
        var allStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstTokensSaved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Hold(chat, allStarted, firstTokensSaved);
        using var person = await chat.NewUserAsync();
        try
        {
            var replies = await StartHeldRepliesAsync(chat, [person], 20);
            var ids = replies.Select(r => r.Reply.ReplyId).ToList();
            var database = new NpgsqlConnectionStringBuilder(chat.App.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString).Database!;
            using var updates = new PostgresRoundTrips(database, "UPDATE \"Messages\" SET \"Content\"");
            var before = saves.Committed;

            allStarted.SetResult();
            // A save's round trip is counted before its commit, the commit just after the rows can be read: both are
            // waited for. One round trip per reply would never let the counts meet (20 round trips for one save).
            await WaitForAsync(async () => await CountAsync(chat, ids, m => m.Status == MessageStatus.Streaming && m.Content == FirstToken) == ids.Count
                && saves.Committed > before && saves.Committed - before == updates.Count,
                "every reply's first token to be saved while it streams, in one round trip per save");

            var transactions = saves.Committed - before;
            Assert.True(transactions >= 1);
            Assert.Equal(transactions, updates.Count);
        }
        finally
        {
            allStarted.TrySetResult();
            firstTokensSaved.TrySetResult();
        }
    }

    /// <summary>The app with a fake model, saving partial replies every <see cref="FlushInterval"/>, watched by <paramref name="saves"/>.</summary>
    private static Task<ChatApp> StartAsync(PartialSaveCounter saves) =>
        ChatApp.StartAsync(new Dictionary<string, string?>
        {
            ["LlmPages:Jobs:RunServer"] = "false",
            ["LlmPages:Chat:MaxConcurrentGenerationsPerUser"] = RepliesEach.ToString(CultureInfo.InvariantCulture),
            ["LlmPages:Chat:FlushInterval"] = FlushInterval.ToString(),
            // The replies are held until the slowest has started on a busy machine: timeouts are not what is tested.
            ["LlmPages:Llm:FirstTokenTimeout"] = "00:05:00",
            ["LlmPages:Llm:IdleTimeout"] = "00:05:00",
        }, kestrel: true, services: services => services.AddSingleton<IInterceptor>(saves));

    /// <summary>Every reply waits for <paramref name="start"/>, sends its first token, then waits for <paramref name="rest"/>.</summary>
    private static Infrastructure.FakeModels.FakeScript Hold(ChatApp chat, TaskCompletionSource start, TaskCompletionSource rest)
    {
        var script = chat.Model.Script;
        script.Tokens = [FirstToken, " reply", " ends", " whole", "."];
        script.TokenDelay = TimeSpan.FromMilliseconds(20);
        script.HoldBeforeFirstToken = start.Task;
        script.HoldAfterFirstToken = rest.Task;
        return script;
    }

    /// <summary>Starts <paramref name="count"/> new chats, shared among <paramref name="people"/>, and waits until every reply has reached the (holding) model.</summary>
    private static async Task<(HtmlClient Owner, StreamSteps.LiveReply Reply)[]> StartHeldRepliesAsync(ChatApp chat, List<HtmlClient> people, int count)
    {
        var chatPages = await Task.WhenAll(people.Select(p => p.GetAsync("/chat")));
        using var sending = new SemaphoreSlim(16);
        var replies = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await sending.WaitAsync();
            try
            {
                return (Owner: people[i % people.Count], Reply: await people[i % people.Count].StartChatWithHtmxAsync(chatPages[i % people.Count], $"Question {i}"));
            }
            finally
            {
                sending.Release();
            }
        }));
        await WaitForAsync(() => Task.FromResult(chat.Model.Requests.Count(r => r.Path.EndsWith("chat/completions", StringComparison.Ordinal)) >= count),
            "every reply to reach the model");
        return replies;
    }

    private static Task<int> CountAsync(ChatApp chat, List<Guid> ids, System.Linq.Expressions.Expression<Func<Message, bool>> condition) =>
        chat.App.WithDbAsync(db => db.Messages.AsNoTracking().Where(m => ids.Contains(m.Id)).Where(condition).CountAsync());

    /// <summary>Polls until <paramref name="condition"/> holds; the deadline is generous, for a busy machine.</summary>
    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"Waited two minutes for {what}.");
            }
            await Task.Delay(50);
        }
    }
}

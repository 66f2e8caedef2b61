using System.Collections.Concurrent;
using LlmPages.Chat;
using LlmPages.Instances;
using Microsoft.Extensions.Options;

namespace LlmPages.Chat.Streaming;

/// <summary>
/// Every reply being written in this process. A generation runs on its own task, apart from any HTTP request:
/// readers (an event stream, a no-JS page) only follow its event log, so a closed tab never stops it. The hub also
/// enforces "one reply at a time per chat" and the per-person cap, and on shutdown stops every generation and
/// waits for its partial reply to be saved as interrupted.
/// </summary>
public sealed partial class GenerationHub : IHostedService
{
    private readonly GenerationRunner runner;
    private readonly IOptions<ChatLimits> limits;
    private readonly TimeProvider time;
    private readonly ILogger<GenerationHub> logger;

    private readonly Lock gate = new();
    private readonly Dictionary<Guid, Generation> byId = [];
    private readonly Dictionary<Guid, Guid> reservedConversations = []; // conversation -> generation id
    private readonly Dictionary<string, int> perUser = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, Task> running = new();
    private readonly CancellationTokenSource shutdown = new();
    private readonly ConcurrentQueue<Guid> ended = new();

    public GenerationHub(GenerationRunner runner, InstanceChannel channel, IOptions<ChatLimits> limits, TimeProvider time, ILogger<GenerationHub> logger)
    {
        (this.runner, this.limits, this.time, this.logger) = (runner, limits, time, logger);
        // Stop pressed on another instance (ReplyStopper) reaches the one writing the reply.
        channel.Subscribe(signal =>
        {
            if (signal.Kind == InstanceSignalKind.Stop)
            {
                Find(signal.ReplyId)?.RequestStop();
            }
        });
    }

    /// <summary>Why a send is refused while its chat has a reply being written (here or on another instance).</summary>
    internal const string ChatBusy = "A reply is still being written in this chat. Wait for it to finish, or stop it, before sending another message.";

    /// <summary>Why a send is refused when its owner has <paramref name="count"/> replies being written, the cap.</summary>
    internal static string CapReached(int count, int cap) =>
        cap == 1
            ? "You already have a reply being written in another chat. Wait for it to finish, or stop it, first."
            : $"You already have {count} replies being written at once, the most allowed. Wait for one to finish, or stop one, first.";

    /// <summary>The live generation with this id, or null once it is finished (its reply is then in the database).</summary>
    public Generation? Find(Guid replyId)
    {
        lock (gate)
        {
            return byId.GetValueOrDefault(replyId);
        }
    }

    /// <summary>The reply being written in a conversation, if any.</summary>
    public Generation? ForConversation(Guid conversationId)
    {
        lock (gate)
        {
            return reservedConversations.TryGetValue(conversationId, out var id) ? byId.GetValueOrDefault(id) : null;
        }
    }

    /// <summary>Every live generation, for the batched saver.</summary>
    public IReadOnlyList<Generation> Active()
    {
        lock (gate)
        {
            return [.. byId.Values];
        }
    }

    /// <summary>
    /// Claims the right to write a reply in a conversation before anything is saved, so two sends at once cannot
    /// both start one. Returns the reason in plain words when the claim is refused.
    /// </summary>
    public string? TryReserve(Guid conversationId, string ownerId, Guid replyId)
    {
        if (shutdown.IsCancellationRequested)
        {
            return "The app is restarting. Please send your message again in a moment.";
        }
        lock (gate)
        {
            if (reservedConversations.ContainsKey(conversationId))
            {
                return ChatBusy;
            }
            var count = perUser.GetValueOrDefault(ownerId);
            var cap = limits.Value.MaxConcurrentGenerationsPerUser;
            if (count >= cap)
            {
                return CapReached(count, cap);
            }
            reservedConversations[conversationId] = replyId;
            perUser[ownerId] = count + 1;
            return null;
        }
    }

    /// <summary>How many replies of this person the hub is writing or has claimed (<see cref="TryReserve"/>).</summary>
    public int RepliesOf(string ownerId)
    {
        lock (gate)
        {
            return perUser.GetValueOrDefault(ownerId);
        }
    }

    /// <summary>Gives a claim back when the reply could not be started after all.</summary>
    public void Release(Guid conversationId, string ownerId, Guid replyId)
    {
        lock (gate)
        {
            if (reservedConversations.TryGetValue(conversationId, out var id) && id == replyId)
            {
                reservedConversations.Remove(conversationId);
                byId.Remove(replyId);
                if (perUser.TryGetValue(ownerId, out var count))
                {
                    if (count <= 1)
                    {
                        perUser.Remove(ownerId);
                    }
                    else
                    {
                        perUser[ownerId] = count - 1;
                    }
                }
            }
        }
    }

    /// <summary>
    /// An execution context that holds nothing of any request's (their HttpContext, trace, logging scopes): what a thread
    /// of its own starts with. Made on one, with an AsyncLocal of its own set, since an empty context cannot be captured.
    /// </summary>
    private static readonly ExecutionContext ReplyContext = NewEmptyContext();

    private static ExecutionContext NewEmptyContext()
    {
        ExecutionContext? context = null;
        var own = new AsyncLocal<bool>();
        var thread = new Thread(() =>
        {
            own.Value = true;
            context = ExecutionContext.Capture();
        });
        thread.UnsafeStart(); // without the caller's context
        thread.Join();
        return context!;
    }

    /// <summary>
    /// Starts writing a reply (after <see cref="TryReserve"/>) whose assistant message is saved as streaming, or is
    /// being saved (<see cref="GenerationRequest.RowsSaved"/>).
    /// </summary>
    public Generation Start(GenerationRequest request)
    {
        var generation = new Generation(request.ReplyId, request.ConversationId, request.OwnerId, time.GetUtcNow().UtcDateTime)
        {
            RowsSaved = request.RowsSaved,
        };
        lock (gate)
        {
            byId[generation.ReplyId] = generation;
        }
        // Not the request's token, nor its execution context (ReplyContext): the reply outlives the request that asked
        // for it. But started on the request's own thread, which runs it until the model call is sent and then goes on
        // to save the turn: queued to the thread pool instead, the call waited about 2.3 ms on the bench for a thread
        // while the request saved (SQLite's writes are synchronous), and the reply's first token as long.
        Task task = null!;
        ExecutionContext.Run(ReplyContext, _ => task = RunAsync(generation, request), null);
        running[generation.ReplyId] = task;
        _ = task.ContinueWith(_ => running.TryRemove(generation.ReplyId, out Task? _), TaskScheduler.Default);
        return generation;
    }

    private async Task RunAsync(Generation generation, GenerationRequest request)
    {
        GenerationOutcome outcome;
        try
        {
            outcome = await runner.RunAsync(generation, request, shutdown.Token);
        }
        catch (Exception e)
        {
            LogGenerationCrashed(logger, e, generation.ReplyId);
            outcome = new GenerationOutcome(Data.Entities.MessageStatus.Failed, GenerationRunner.UnexpectedError);
        }
        // The chat is free before readers hear the end, so a reader who sends straight away is not refused.
        Release(generation.ConversationId, generation.OwnerId, generation.ReplyId);
        generation.Finish(outcome);
        ended.Enqueue(generation.ReplyId); // for readers on other instances, with the saver's next signals
    }

    /// <summary>The replies that ended (their final state saved) since the last call, for the saver to signal.</summary>
    internal List<Guid> TakeEnded()
    {
        var ids = new List<Guid>();
        while (ended.TryDequeue(out var id))
        {
            ids.Add(id);
        }
        return ids;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stops every reply (saved as interrupted) and waits, up to the grace period, for them to be saved.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await shutdown.CancelAsync();
        var tasks = running.Values.ToArray();
        if (tasks.Length == 0)
        {
            return;
        }
        LogShuttingDown(logger, tasks.Length);
        try
        {
            await Task.WhenAll(tasks).WaitAsync(limits.Value.ShutdownGrace, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            LogShutdownTimedOut(logger);
        }
        catch (OperationCanceledException)
        {
            LogShutdownTimedOut(logger);
        }
    }

    [LoggerMessage(1, LogLevel.Error, "Generation {ReplyId} failed unexpectedly")]
    private static partial void LogGenerationCrashed(ILogger logger, Exception exception, Guid replyId);

    [LoggerMessage(2, LogLevel.Information, "Stopping {Count} replies being written; their partial text is saved as interrupted")]
    private static partial void LogShuttingDown(ILogger logger, int count);

    [LoggerMessage(3, LogLevel.Warning, "Some replies were not saved before shutdown; they are marked interrupted at the next start")]
    private static partial void LogShutdownTimedOut(ILogger logger);
}

using System.Threading.Channels;
using Hangfire;

namespace LlmPages.Jobs;

/// <summary>
/// Hands new chats to <see cref="ConversationTitleJob"/> from one background loop. Hangfire's Enqueue is synchronous
/// and needs a database connection: called from every reply that ends, two hundred first replies ending together each
/// blocked a thread-pool thread waiting for a pooled connection, while the connections were held by saves whose
/// continuations needed those threads (on PostgreSQL the pool ran dry and replies stayed marked streaming). Here the
/// replies only write to a channel, and one loop enqueues. A chat still in the channel when the app stops keeps the
/// title made from its first words, which is what a failed title job leaves too.
/// </summary>
public sealed partial class TitleJobQueue(IBackgroundJobClient jobs, ILogger<TitleJobQueue> logger) : BackgroundService
{
    private readonly Channel<Guid> chats = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Asks for a title for the chat; returns at once.</summary>
    public void Request(Guid conversationId) => chats.Writer.TryWrite(conversationId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var conversationId in chats.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                jobs.Enqueue<ConversationTitleJob>(job => job.NameAsync(conversationId, CancellationToken.None));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogEnqueueFailed(logger, e, conversationId);
            }
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Could not queue the title job for chat {ConversationId}; it keeps its first words")]
    private static partial void LogEnqueueFailed(ILogger logger, Exception exception, Guid conversationId);
}

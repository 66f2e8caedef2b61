using Hangfire;
using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Chat;

/// <summary>
/// Writes replies to the database: partial text while they stream (many at once, in one transaction) and the
/// final state with its usage log row when they end. A singleton: it opens its own short-lived contexts.
/// </summary>
public sealed partial class ReplyStore(
    IServiceScopeFactory scopes, MarkdownRenderer markdown, IBackgroundJobClient jobs, TimeProvider time, ILogger<ReplyStore> logger)
{
    /// <summary>
    /// Saves the partial text of several streaming replies in one transaction. Only rows still marked streaming
    /// are touched, so a late partial save can never overwrite a final one.
    /// </summary>
    public async Task SavePartialAsync(IReadOnlyList<(Guid MessageId, string Content)> replies, CancellationToken cancellationToken)
    {
        if (replies.Count == 0)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var (id, content) in replies)
        {
            await db.Messages
                .Where(m => m.Id == id && m.Status == MessageStatus.Streaming)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Content, content), cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Saves a reply as it ended, rendered once for every later view, and logs its usage.</summary>
    public async Task SaveFinishedAsync(GenerationRequest request, FinishedReply reply, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var html = reply.Content.Length == 0 ? "" : markdown.ToHtml(reply.Content);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var message = await db.Messages.FirstOrDefaultAsync(m => m.Id == request.AssistantMessageId, cancellationToken);
            if (message is not null)
            {
                message.Content = reply.Content;
                message.ContentHtml = html;
                message.Status = reply.Status;
                message.Error = reply.Error;
                message.PromptTokens = reply.PromptTokens;
                message.CompletionTokens = reply.CompletionTokens;
                message.TimeToFirstTokenMs = reply.TimeToFirstTokenMs;
                message.DurationMs = reply.DurationMs;
                message.TokensPerSecond = reply.TokensPerSecond;
                message.CompletedAt = now;
                await db.Conversations
                    .Where(c => c.Id == request.ConversationId)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.UpdatedAt, now), cancellationToken);
            }
            // The usage happened even if the chat was deleted meanwhile.
            db.UsageLogs.Add(new UsageLog
            {
                UserId = request.OwnerId,
                ModelId = request.Model.Id,
                ConversationId = request.ConversationId,
                MessageId = request.AssistantMessageId,
                PromptTokens = reply.PromptTokens,
                CompletionTokens = reply.CompletionTokens,
                TimeToFirstTokenMs = reply.TimeToFirstTokenMs,
                DurationMs = reply.DurationMs,
                Status = reply.Status,
                Cost = Cost(request.Model, reply),
                CreatedAt = now,
            });
            await db.SaveChangesAsync(cancellationToken);

            if (message is not null && request.IsFirstReply && reply.Status == MessageStatus.Complete)
            {
                jobs.Enqueue<ConversationTitleJob>(job => job.NameAsync(request.ConversationId, CancellationToken.None));
            }
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            // The reply stays marked streaming and becomes "interrupted" at the next start, with its last partial text.
            LogSaveFailed(logger, e, request.AssistantMessageId);
        }
    }

    private static decimal? Cost(ReplyModel model, FinishedReply reply)
    {
        if (model.InputPricePerMillion is null && model.OutputPricePerMillion is null)
        {
            return null;
        }
        return ((model.InputPricePerMillion ?? 0) * reply.PromptTokens + (model.OutputPricePerMillion ?? 0) * reply.CompletionTokens) / 1_000_000m;
    }

    [LoggerMessage(1, LogLevel.Error, "Could not save the finished reply {MessageId}")]
    private static partial void LogSaveFailed(ILogger logger, Exception exception, Guid messageId);
}

using LlmPages.Chat.Streaming;
using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Api;

/// <summary>
/// The usage row of an API call, with the key that made it (<see cref="UsageLog.ApiKeyId"/>) and no chat. It is
/// written in the transaction that frees the tokens the call held against its owner's quota, as a chat reply's is
/// (<see cref="ReplyStore"/>): never both counted, never neither.
/// </summary>
public sealed partial class ApiUsage(IServiceScopeFactory scopes, TimeProvider time, ILogger<ApiUsage> logger)
{
    /// <param name="reservationId">The quota reservation the call held, if its owner has a quota.</param>
    public async Task SaveAsync(string userId, Guid apiKeyId, ReplyModel model, ReplyFigures figures, MessageStatus status, Guid? reservationId)
    {
        try
        {
            // Its own context, never cancelled: the row is written however the call ended, a client that left included.
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            db.UsageLogs.Add(new UsageLog
            {
                UserId = userId,
                ApiKeyId = apiKeyId,
                ModelId = model.Id,
                PromptTokens = figures.PromptTokens,
                CompletionTokens = figures.CompletionTokens,
                TimeToFirstTokenMs = figures.TimeToFirstTokenMs,
                DurationMs = figures.DurationMs,
                Status = status,
                Cost = model.CostOf(figures.PromptTokens, figures.CompletionTokens),
                CreatedAt = time.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync(CancellationToken.None);
            if (reservationId is { } id)
            {
                await db.QuotaReservations.Where(r => r.Id == id).ExecuteDeleteAsync(CancellationToken.None);
            }
            await transaction.CommitAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            // A reservation left behind stops counting after TokenQuota.ReservationLifetime.
            LogSaveFailed(logger, e, apiKeyId);
        }
    }

    [LoggerMessage(1, LogLevel.Error, "Could not save the usage of a call with API key {ApiKeyId}")]
    private static partial void LogSaveFailed(ILogger logger, Exception exception, Guid apiKeyId);
}

using System.Data.Common;
using LlmPages.Chat.Rendering;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Jobs;
using LlmPages.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace LlmPages.Chat.Streaming;

/// <summary>
/// Writes replies to the database: partial text while they stream (many at once, in one transaction) and the
/// final state with its usage log row when they end (freeing the tokens its send held against a quota). A singleton: it opens its own short-lived contexts.
/// </summary>
public sealed partial class ReplyStore(
    IServiceScopeFactory scopes, MarkdownRenderer markdown, ChatSearchIndex search, TitleJobQueue titles, TimeProvider time, ILogger<ReplyStore> logger)
{
    /// <summary>
    /// Saves the partial text of several streaming replies in one transaction. Only rows still marked streaming
    /// are touched, so a late partial save can never overwrite a final one.
    /// </summary>
    /// <remarks>
    /// One UPDATE per reply, written once: with a thousand replies streaming, an EF <c>ExecuteUpdate</c> per reply (a
    /// LINQ tree translated every time) was a seventh of the app's CPU. Where the driver can batch (Npgsql) they all
    /// go to the server in one round trip; otherwise (SQLite, in the process) one prepared command runs once per
    /// reply. Names, quoting and parameter conversions all come from the EF model and provider, so both engines get
    /// the same statement.
    /// </remarks>
    public async Task SavePartialAsync(IReadOnlyList<(Guid MessageId, string Content)> replies, CancellationToken cancellationToken)
    {
        if (replies.Count == 0)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var sql = db.GetService<ISqlGenerationHelper>();
        var message = db.Model.FindEntityType(typeof(Message))!;
        var table = StoreObjectIdentifier.Table(message.GetTableName()!, message.GetSchema());
        var (id, content, status) = (message.FindProperty(nameof(Message.Id))!, message.FindProperty(nameof(Message.Content))!, message.FindProperty(nameof(Message.Status))!);
        string Column(IProperty property) => sql.DelimitIdentifier(property.GetColumnName(table)!);

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = $"UPDATE {sql.DelimitIdentifier(table.Name, table.Schema)} SET {Column(content)} = {sql.GenerateParameterNamePlaceholder("content")} "
            + $"WHERE {Column(id)} = {sql.GenerateParameterNamePlaceholder("id")} AND {Column(status)} = {sql.GenerateParameterNamePlaceholder("streaming")}";
        // The mappings convert the values as EF would (a status to its name, ...).
        DbParameter Parameter(IProperty property, string name, object value) =>
            property.GetRelationalTypeMapping().CreateParameter(command, sql.GenerateParameterName(name), value, nullable: false);

        if (connection.CanCreateBatch)
        {
            // A driver that talks to a server (Npgsql) sends every UPDATE in one round trip. One round trip per reply
            // made a save of a thousand replies wait for a thousand answers, each behind the streams' own work on a
            // busy machine: on PostgreSQL it took longer than its interval, and the text was saved every 15 s.
            await using var batch = connection.CreateBatch();
            batch.Transaction = command.Transaction;
            foreach (var (messageId, text) in replies)
            {
                var update = batch.CreateBatchCommand();
                update.CommandText = command.CommandText;
                update.Parameters.Add(Parameter(content, "content", StoredText.Clean(text)));
                update.Parameters.Add(Parameter(id, "id", messageId));
                update.Parameters.Add(Parameter(status, "streaming", MessageStatus.Streaming));
                batch.BatchCommands.Add(update);
            }
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        else
        {
            // SQLite runs inside the process: one prepared command, run once per reply, costs no round trip.
            var contentParameter = Parameter(content, "content", "");
            var idParameter = Parameter(id, "id", replies[0].MessageId);
            command.Parameters.Add(contentParameter);
            command.Parameters.Add(idParameter);
            command.Parameters.Add(Parameter(status, "streaming", MessageStatus.Streaming));
            var idConverter = id.GetRelationalTypeMapping().Converter;
            foreach (var (messageId, text) in replies)
            {
                idParameter.Value = idConverter is null ? messageId : idConverter.ConvertToProvider(messageId);
                contentParameter.Value = StoredText.Clean(text);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Saves a reply as it ended, rendered once for every later view, logs its usage, and indexes it for search, all in
    /// one transaction: a reply can be found once it is finished, never while it streams.
    /// </summary>
    public async Task SaveFinishedAsync(GenerationRequest request, FinishedReply reply, CancellationToken cancellationToken)
    {
        using var activity = AppActivities.StartFinalSave(reply.Status);
        var now = time.GetUtcNow().UtcDateTime;
        var html = reply.Content.Length == 0 ? "" : markdown.ToHtml(reply.Content);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var message = await db.Messages.FirstOrDefaultAsync(m => m.Id == request.ReplyId, cancellationToken);
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
                MessageId = request.ReplyId,
                PromptTokens = reply.PromptTokens,
                CompletionTokens = reply.CompletionTokens,
                TimeToFirstTokenMs = reply.TimeToFirstTokenMs,
                DurationMs = reply.DurationMs,
                Status = reply.Status,
                Cost = request.Model.CostOf(reply.PromptTokens, reply.CompletionTokens),
                CreatedAt = now,
            });
            await db.SaveChangesAsync(cancellationToken);
            if (request.HoldsQuota)
            {
                // The usage row now counts what the reservation held, in the same transaction: never both, never neither.
                await db.QuotaReservations.Where(r => r.Id == request.ReplyId).ExecuteDeleteAsync(cancellationToken);
            }
            if (message is not null)
            {
                await search.IndexMessageAsync(db, request.ConversationId, message.Id, message.Content, cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);

            if (message is not null && request.IsFirstReply && reply.Status == MessageStatus.Complete)
            {
                titles.Request(request.ConversationId);
            }
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            // The reply stays marked streaming and becomes "interrupted" at the next start, with its last partial text.
            AppActivities.SaveFailed(activity, e);
            LogSaveFailed(logger, e, request.ReplyId);
        }
    }

    [LoggerMessage(1, LogLevel.Error, "Could not save the finished reply {MessageId}")]
    private static partial void LogSaveFailed(ILogger logger, Exception exception, Guid messageId);
}

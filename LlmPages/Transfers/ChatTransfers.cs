using Hangfire;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Jobs;
using LlmPages.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LlmPages.Transfers;

/// <summary>
/// A person's exports and imports, for their owner only (anyone else's id is not found, nor is an expired one):
/// starting them (a row, then the job), reading their progress, and the list on the export and import pages.
/// </summary>
public sealed partial class ChatTransfers(
    AppDbContext db, TransferStore files, IBackgroundJobClient jobs, IOptions<TransferOptions> options, TimeProvider time, ILogger<ChatTransfers> logger)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>A new export of all the person's chats, or the one already being prepared (pressing twice makes one).</summary>
    public async Task<ChatTransfer> StartExportAsync(string ownerId, CancellationToken cancellationToken)
    {
        var pending = await db.ChatTransfers.AsNoTracking()
            .Where(t => t.OwnerId == ownerId && t.Kind == ChatTransferKind.Export
                && (t.Status == ChatTransferStatus.Waiting || t.Status == ChatTransferStatus.Running) && t.ExpiresAt > Now)
            .FirstOrDefaultAsync(cancellationToken);
        if (pending is not null)
        {
            return pending;
        }
        var export = new ChatTransfer
        {
            OwnerId = ownerId,
            Kind = ChatTransferKind.Export,
            FileName = $"llmpages-chats-{Now:yyyy-MM-dd}.json",
            CreatedAt = Now,
            ExpiresAt = Now + options.Value.Lifetime,
        };
        db.ChatTransfers.Add(export);
        await db.SaveChangesAsync(cancellationToken);
        await QueueAsync(export, () => jobs.Enqueue<ChatExportJob>(job => job.RunAsync(export.Id, CancellationToken.None)), cancellationToken);
        return export;
    }

    /// <summary>
    /// Keeps the uploaded file (copied from the request's own buffer on disk, never into memory) and starts its import.
    /// The row comes first, as the store's files belong to rows (on PostgreSQL its chunks reference it); should keeping
    /// the file fail, the row goes again.
    /// </summary>
    public async Task<ChatTransfer> StartImportAsync(string ownerId, IFormFile upload, CancellationToken cancellationToken)
    {
        var import = new ChatTransfer
        {
            OwnerId = ownerId,
            Kind = ChatTransferKind.Import,
            FileName = SafeName(Path.GetFileName(upload.FileName)),
            CreatedAt = Now,
            ExpiresAt = Now + options.Value.Lifetime,
        };
        db.ChatTransfers.Add(import);
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            await using var file = await files.CreateAsync(import.Id, cancellationToken);
            await upload.CopyToAsync(file, cancellationToken);
        }
        catch
        {
            await files.DeleteAsync(import.Id, CancellationToken.None);
            await db.ChatTransfers.Where(t => t.Id == import.Id).ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }
        await QueueAsync(import, () => jobs.Enqueue<ChatImportJob>(job => job.RunAsync(import.Id, CancellationToken.None)), cancellationToken);
        return import;
    }

    /// <summary>
    /// Hands the row to the job server. When the job store cannot take it, the row says so (and its page shows it)
    /// rather than the request failing: the person can simply try again.
    /// </summary>
    private async Task QueueAsync(ChatTransfer transfer, Action enqueue, CancellationToken cancellationToken)
    {
        try
        {
            enqueue();
        }
        catch (BackgroundJobClientException e)
        {
            LogNotQueued(logger, e, transfer.Id);
            await files.DeleteAsync(transfer.Id, CancellationToken.None);
            (transfer.Status, transfer.Error, transfer.CompletedAt) = (ChatTransferStatus.Failed,
                "It could not be started just now. Nothing was changed: please try again in a moment.", Now);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    [LoggerMessage(1, LogLevel.Error, "Export or import {TransferId} could not be queued")]
    private static partial void LogNotQueued(ILogger logger, Exception exception, Guid transferId);

    /// <summary>The person's export or import, or null when it is someone else's, of the other kind, or expired.</summary>
    public Task<ChatTransfer?> FindAsync(Guid id, string ownerId, ChatTransferKind kind, CancellationToken cancellationToken) =>
        db.ChatTransfers.AsNoTracking()
            .FirstOrDefaultAsync(t => t.Id == id && t.OwnerId == ownerId && t.Kind == kind && t.ExpiresAt > Now, cancellationToken);

    /// <summary>A page of the person's exports or imports, newest first.</summary>
    public async Task<(IReadOnlyList<ChatTransfer> Items, Paging Paging)> PageAsync(
        string ownerId, ChatTransferKind kind, int? page, CancellationToken cancellationToken)
    {
        var query = db.ChatTransfers.AsNoTracking().Where(t => t.OwnerId == ownerId && t.Kind == kind && t.ExpiresAt > Now);
        var paging = Paging.For(page, await query.CountAsync(cancellationToken), pageSize: 10);
        var items = await query.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Skip(paging.Skip).Take(paging.PageSize).ToListAsync(cancellationToken);
        return (items, paging);
    }

    /// <summary>A file name fit for a page and a download: letters, digits, dots and dashes, at most 100 characters.</summary>
    public static string SafeName(string? name)
    {
        var kept = new string([.. (name ?? "").Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-')]).Trim('-', '.');
        while (kept.Contains("--", StringComparison.Ordinal))
        {
            kept = kept.Replace("--", "-", StringComparison.Ordinal);
        }
        return kept.Length == 0 ? "chats.json" : kept[..Math.Min(kept.Length, 100)];
    }
}

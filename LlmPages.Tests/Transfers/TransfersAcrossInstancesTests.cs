using System.Net;
using LlmPages.Data.Entities;
using LlmPages.Jobs;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Instances;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.Transfers;

/// <summary>
/// Several instances on one PostgreSQL database, each with its own data folder: an upload, the job that imports or
/// exports and the download may each reach a different instance, so the files live in the database (chunks of a
/// megabyte in <c>TransferChunks</c>). Each file here is a few megabytes, so it spans several chunks.
/// </summary>
public sealed class TransfersAcrossInstancesTests
{
    [PostgresFact]
    public async Task AnImportUploadedThroughOneInstanceIsRunByAnothersJobServerAndItsChatsAppear()
    {
        await using var chat = await ChatApp.StartAsync(TransferSteps.NoJobServer);
        using var second = chat.StartAnotherInstance();
        var (onFirst, onSecond) = await SeveralInstancesTests.OnePersonOnBothAsync(chat, second);
        using var _ = onFirst;
        using var __ = onSecond;

        var page = await onFirst.UploadAsync(LargeChatGptExport());
        await second.RunTransferJobsAsync();

        var import = await chat.App.TransferAsync(page.TransferId());
        Assert.Equal((ChatTransferStatus.Done, null), (import.Status, import.Error));
        var chats = await chat.App.WithDbAsync(db => db.Conversations.AsNoTracking().Include(c => c.Messages)
            .Where(c => c.OwnerId == import.OwnerId).OrderBy(c => c.Title).ToListAsync());
        Assert.Equal(["Long one 0", "Long one 1", "Long one 2"], chats.Select(c => c.Title));
        Assert.All(chats, c => Assert.Equal(LongText(c.Title), c.Messages.Single().Content));
        Assert.Contains("Imported 3 chats", (await onFirst.GetAsync(page.Url.AbsolutePath)).Text("#transfer-status"), StringComparison.Ordinal);
        Assert.Empty(await chat.App.StoredTransfersAsync()); // the upload is deleted once imported
    }

    [PostgresFact]
    public async Task AnExportWrittenByAnotherInstancesJobDownloadsThroughThisOneByteForByte()
    {
        await using var chat = await ChatApp.StartAsync(TransferSteps.NoJobServer);
        using var second = chat.StartAnotherInstance();
        var (onFirst, onSecond) = await SeveralInstancesTests.OnePersonOnBothAsync(chat, second);
        using var _ = onFirst;
        using var __ = onSecond;
        await onFirst.UploadAsync(LargeChatGptExport());
        await chat.App.RunTransferJobsAsync();
        await onFirst.StartChatAsync("And a chat of its own");

        var id = (await onFirst.StartExportAsync()).TransferId();
        await second.RunTransferJobsAsync();

        using var throughWriter = await onSecond.Http.GetAsync($"/export/{id}/download");
        using var throughOther = await onFirst.Http.GetAsync($"/export/{id}/download");
        Assert.Equal(HttpStatusCode.OK, throughOther.StatusCode);
        var written = await throughWriter.Content.ReadAsByteArrayAsync();
        var downloaded = await throughOther.Content.ReadAsByteArrayAsync();
        Assert.True(downloaded.Length > 3 * 1024 * 1024, $"{downloaded.Length} bytes");
        Assert.Equal(written, downloaded);
        Assert.Equal(downloaded.Length, throughOther.Content.Headers.ContentLength);
        Assert.Equal("application/json; charset=utf-8", throughOther.Content.Headers.ContentType!.ToString());
        Assert.Equal(throughWriter.Content.Headers.ContentDisposition, throughOther.Content.Headers.ContentDisposition);
        Assert.Matches(@"^llmpages-chats-\d{4}-\d{2}-\d{2}\.json$", throughOther.Content.Headers.ContentDisposition!.FileName);
        Assert.Contains(LongText("Long one 2"), System.Text.Encoding.UTF8.GetString(downloaded), StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task TheCleanUpJobLeavesNoChunkOfAnExpiredTransferOnAnyInstance()
    {
        await using var chat = await ChatApp.StartAsync(TransferSteps.NoJobServer);
        using var second = chat.StartAnotherInstance();
        var (onFirst, onSecond) = await SeveralInstancesTests.OnePersonOnBothAsync(chat, second);
        using var _ = onFirst;
        using var __ = onSecond;
        await onFirst.StartChatAsync("Hello");
        var export = (await onFirst.StartExportAsync()).TransferId();
        await chat.App.RunTransferJobsAsync();
        var upload = (await onFirst.UploadAsync(LargeChatGptExport())).TransferId(); // kept, its job not run yet
        var kept = (await onSecond.UploadAsync(LargeChatGptExport())).TransferId();
        Assert.Equal([export, upload, kept], (await chat.App.StoredTransfersAsync()).Order());
        await chat.App.WithDbAsync(db => db.ChatTransfers.Where(t => t.Id == export || t.Id == upload)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTime.UtcNow.AddMinutes(-1))));

        await using (var scope = second.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ChatTransferCleanupJob>().RemoveExpiredAsync(CancellationToken.None);
        }

        Assert.Equal([kept], await chat.App.StoredTransfersAsync());
        Assert.True(await ChunksOfAsync(chat.App, kept) >= 3);
        Assert.Equal(0, await ChunksOfAsync(chat.App, export) + await ChunksOfAsync(chat.App, upload));
        Assert.Equal([kept], await chat.App.WithDbAsync(db => db.ChatTransfers.Select(t => t.Id).ToListAsync()));
    }

    /// <summary>Three chats of about a megabyte each: a file of several chunks.</summary>
    private static string LargeChatGptExport()
    {
        var export = new ChatGptExport();
        for (var i = 0; i < 3; i++)
        {
            var chat = export.Add($"Long one {i}");
            chat.CurrentNode = chat.Message("client-created-root", "user", LongText($"Long one {i}"), ChatGptExport.Start + 1);
        }
        return export.ToString();
    }

    private static string LongText(string title) => string.Concat(Enumerable.Repeat($"{title}: a line of text to import. ", 30_000));

    private static Task<int> ChunksOfAsync(AppFactory app, Guid transferId) =>
        app.WithDbAsync(db => db.Database
            .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM \"TransferChunks\" WHERE \"TransferId\" = {transferId}").SingleAsync());
}

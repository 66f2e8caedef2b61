using System.Net;
using System.Text.Json;
using LlmPages.Data.Entities;
using LlmPages.Jobs;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using LlmPages.Transfers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.Transfers;

/// <summary>
/// All of a person's chats as one JSON file, written by a background job: the progress page a plain browser reloads
/// (and htmx polls), the download when ready, for the owner only, until it expires and the clean-up job deletes it.
/// </summary>
public sealed class AllChatsExportTests
{
    [Fact]
    public async Task TheExportIsWrittenByAJobAndItsPageShowsTheProgressThenTheDownload()
    {
        await using var chat = await ChatApp.StartAsync(TransferSteps.NoJobServer);
        using var user = await chat.NewUserAsync();
        var first = await ChatExportTests.ChatWithTwoVersionsAsync(chat, user);
        var second = (await user.StartChatAsync("Another question")).ConversationId();

        var page = await user.StartExportAsync();

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Waiting for its turn", page.Text("#transfer-status"), StringComparison.Ordinal);
        Assert.NotNull(page.Find($"#transfer-status a[href='{page.Url.AbsolutePath}']")); // Reload, without JavaScript
        Assert.Equal("every 1s", page.Find("#transfer-status")!.GetAttribute("hx-trigger"));
        var id = page.TransferId();

        await chat.App.RunTransferJobsAsync();

        page = await user.GetAsync($"/export/{id}");
        Assert.Contains("Your export is ready: 2 chats.", page.Text("#transfer-status"), StringComparison.Ordinal);
        Assert.Null(page.Find("#transfer-status")!.GetAttribute("hx-trigger")); // polling stops
        var link = page.Find($"#transfer-status a[href='/export/{id}/download']")!;
        Assert.Equal("false", link.GetAttribute("hx-boost"));
        var (response, text) = await user.DownloadAsync($"/export/{id}/download");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Matches(@"^llmpages-chats-\d{4}-\d{2}-\d{2}\.json$", response.Content.Headers.ContentDisposition.FileName);
        using var json = JsonDocument.Parse(text);
        var chats = json.RootElement.GetProperty("chats").EnumerateArray().ToList();
        Assert.Equal([first, second], chats.Select(c => c.GetProperty("id").GetGuid()).Order());
        Assert.Equal(3, chats.Single(c => c.GetProperty("id").GetGuid() == first).GetProperty("messages").GetArrayLength());
        Assert.Equal([id], await chat.App.StoredTransfersAsync());
        // The export page lists it as ready.
        var list = await user.GetAsync("/export");
        Assert.Contains("Ready", list.Find($"tr:has(a[href='/export/{id}'])")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhileTheJobRunsThePageCountsTheChatsAndHtmxGetsTheStatusAlone()
    {
        await using var chat = await ChatApp.StartAsync(TransferSteps.NoJobServer);
        using var user = await chat.NewUserAsync();
        var id = (await user.StartExportAsync()).TransferId();
        await chat.App.WithDbAsync(db => db.ChatTransfers.Where(t => t.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.Status, ChatTransferStatus.Running).SetProperty(t => t.Total, 1200).SetProperty(t => t.Done, 340)));

        var page = await user.GetAsync($"/export/{id}");
        using var poll = new HttpRequestMessage(HttpMethod.Get, $"/export/{id}");
        poll.Headers.Add("HX-Request", "true");
        var fragment = await user.SendAsync(poll);

        Assert.Equal("Preparing… 340 of 1,200 chats", page.Text("#transfer-progress-text"));
        Assert.Equal("340", page.Find("progress")!.GetAttribute("value"));
        Assert.Equal("Preparing… 340 of 1,200 chats", fragment.Text("#transfer-progress-text"));
        Assert.Null(fragment.Find("h1")); // the status alone, not the page
        Assert.Equal($"/export/{id}", fragment.Find("#transfer-status")!.GetAttribute("hx-get"));
    }

    [Fact]
    public async Task AskingTwiceWhileOneIsBeingPreparedGivesThatOne()
    {
        await using var chat = await ChatApp.StartAsync(TransferSteps.NoJobServer);
        using var user = await chat.NewUserAsync();

        var first = (await user.StartExportAsync()).TransferId();
        var second = (await user.StartExportAsync()).TransferId();

        Assert.Equal(first, second);
        Assert.Equal(1, await chat.App.WithDbAsync(db => db.ChatTransfers.CountAsync()));
    }

    [Fact]
    public async Task TheJobServerRunsTheExport()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        await user.StartChatAsync("Hello");

        var id = (await user.StartExportAsync()).TransferId();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await chat.App.TransferAsync(id)).Status != ChatTransferStatus.Done)
        {
            Assert.True(DateTime.UtcNow < deadline, "The job server did not run the export within a minute.");
            await Task.Delay(50);
        }
        Assert.Contains("Your export is ready: 1 chat.", (await user.GetAsync($"/export/{id}")).Text("#transfer-status"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExpiredExportIsGoneAtOnceAndTheCleanUpJobDeletesItsFileAndRow()
    {
        await using var chat = await ChatApp.StartAsync(TransferSteps.NoJobServer);
        using var user = await chat.NewUserAsync();
        await user.StartChatAsync("Hello");
        var expired = (await user.StartExportAsync()).TransferId();
        await chat.App.RunTransferJobsAsync();
        var kept = (await user.StartExportAsync()).TransferId();
        await chat.App.RunTransferJobsAsync();
        Assert.Equal(24, (int)Math.Round(((await chat.App.TransferAsync(kept)).ExpiresAt - DateTime.UtcNow).TotalHours));
        await chat.App.WithDbAsync(db => db.ChatTransfers.Where(t => t.Id == expired)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTime.UtcNow.AddMinutes(-1))));

        Assert.Equal(HttpStatusCode.NotFound, (await user.GetAsync($"/export/{expired}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await user.GetAsync($"/export/{expired}/download")).Status);
        Assert.Null((await user.GetAsync("/export")).Find($"a[href='/export/{expired}']"));

        await using (var scope = chat.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ChatTransferCleanupJob>().RemoveExpiredAsync(CancellationToken.None);
        }

        Assert.Equal([kept], await chat.App.StoredTransfersAsync());
        Assert.False(await chat.App.WithDbAsync(db => db.ChatTransfers.AnyAsync(t => t.Id == expired)));
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync($"/export/{kept}/download")).Status);
    }

    [Fact]
    public async Task TheCleanUpJobDeletesTheFileOfATransferWhoseRowIsGone()
    {
        await using var chat = await ChatApp.StartAsync(TransferSteps.NoJobServer);
        using var user = await chat.NewUserAsync();
        await user.StartChatAsync("Hello");
        var gone = (await user.StartExportAsync()).TransferId();
        await chat.App.RunTransferJobsAsync();
        // As when its owner's account is deleted: the row goes by cascade, the store's file is left to the clean-up.
        await chat.App.WithDbAsync(db => db.ChatTransfers.Where(t => t.Id == gone).ExecuteDeleteAsync());

        await using (var scope = chat.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ChatTransferCleanupJob>().RemoveExpiredAsync(CancellationToken.None);
        }

        Assert.Empty(await chat.App.StoredTransfersAsync());
    }

    [Fact]
    public async Task AnotherPersonGetsNotFoundOnTheExportAndItsDownloadAndDoesNotSeeItListed()
    {
        await using var chat = await ChatApp.StartAsync(TransferSteps.NoJobServer);
        using var owner = await chat.NewUserAsync("Owner");
        using var stranger = await chat.NewUserAsync("Stranger");
        await owner.StartChatAsync("A private question");
        var id = (await owner.StartExportAsync()).TransferId();
        await chat.App.RunTransferJobsAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/export/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/export/{id}/download")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/import/{id}")).Status); // an export is not an import
        Assert.Null((await stranger.GetAsync("/export")).Find($"a[href='/export/{id}']"));
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/export/{id}/download")).Status);
    }

    [Fact]
    public async Task TheRecurringCleanUpJobIsRegistered()
    {
        await using var chat = await ChatApp.StartAsync(TransferSteps.NoJobServer);

        using var connection = chat.App.Services.GetRequiredService<Hangfire.JobStorage>().GetConnection();
        Assert.Contains(ChatTransferCleanupJob.RecurringJobId, Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection).Select(j => j.Id));
    }
}

using System.Net;
using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Transfers;

/// <summary>
/// The import has its own size limit (<c>LlmPages:Transfers:MaxImportBytes</c>, 200 MB by default), over real
/// sockets where Kestrel enforces the app's 1 MB limit on every other request, which still holds.
/// </summary>
public sealed class ImportSizeLimitTests
{
    [Fact]
    public async Task AnImportLargerThanTheAppsOneMegabyteLimitIsAcceptedAndEverythingElseKeepsThatLimit()
    {
        await using var chat = await ChatApp.StartAsync(TransferSteps.NoJobServer, kestrel: true);
        using var user = await chat.NewUserAsync();
        var id = (await user.StartChatAsync("Hello")).ConversationId();
        var export = new ChatGptExport();
        var big = export.Add("A long one");
        big.CurrentNode = big.Message("client-created-root", "user", new string('x', 1_500_000), ChatGptExport.Start + 1);

        var page = await user.UploadAsync(export.ToString());
        await chat.App.RunTransferJobsAsync();

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(ChatTransferStatus.Done, (await chat.App.TransferAsync(page.TransferId())).Status);
        Assert.True(await chat.App.WithDbAsync(db => db.Messages.AnyAsync(m => m.Content.Length == 1_500_000)));
        var elsewhere = await user.PostWithTokenAsync($"/chat/{id}/rename", new Dictionary<string, string> { ["Input.Title"] = new('t', 1_500_000) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, elsewhere.Status);
        Assert.Contains("larger than the 1 MB this server accepts", elsewhere.Text("main"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileOverTheImportLimitGetsAPageThatNamesItAndNothingIsKept()
    {
        var settings = new Dictionary<string, string?>(TransferSteps.NoJobServer) { ["LlmPages:Transfers:MaxImportBytes"] = (2 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        await using var chat = await ChatApp.StartAsync(settings, kestrel: true);
        using var user = await chat.NewUserAsync();

        var page = await user.UploadAsync(new byte[3 * 1024 * 1024]);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, page.Status);
        Assert.Equal("Too large to send", page.Text("h1"));
        Assert.Contains("The file is larger than the 2 MB an import accepts, so nothing was uploaded or imported.", page.Text("main"), StringComparison.Ordinal);
        Assert.Equal(0, await chat.App.WithDbAsync(db => db.ChatTransfers.CountAsync()));
        Assert.Empty(await chat.App.StoredTransfersAsync());
    }

    [Fact]
    public async Task TheImportPageNamesItsLimit()
    {
        await using var chat = await ChatApp.StartAsync(TransferSteps.NoJobServer);
        using var user = await chat.NewUserAsync();

        var page = await user.GetAsync("/import");

        Assert.Contains("A .json file of at most 200 MB.", page.Text(".field__hint"), StringComparison.Ordinal);
        Assert.Equal("multipart/form-data", page.Find("main form[method=post]")!.GetAttribute("enctype"));
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Transfers;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Transfers;

/// <summary>
/// Our own export imported again (identical content, every branch), and files that cannot be imported: each gets
/// its own plain reason on the import's page, and nothing of it is saved.
/// </summary>
public sealed class ImportTests
{
    [Fact]
    public async Task AnExportImportedAgainHasTheSameChatsBranchesAndFigures()
    {
        await using var chat = await ChatApp.StartAsync(TransferSteps.NoJobServer);
        using var owner = await chat.NewUserAsync("Owner");
        using var other = await Person.RegisterAsync(chat, "Other");
        var branched = await ChatExportTests.ChatWithTwoVersionsAsync(chat, owner);
        await owner.PostWithTokenAsync($"/chat/{branched}?handler=settings", new Dictionary<string, string>
        {
            ["Settings.ModelId"] = (await chat.App.WithDbAsync(db => db.AiModels.SingleAsync())).Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Settings.SystemPrompt"] = "Answer briefly.",
            ["Settings.Temperature"] = "0.5",
            ["Settings.MaxTokens"] = "300",
        });
        await owner.StartChatAsync("Second chat");
        var exportId = (await owner.StartExportAsync()).TransferId();
        await chat.App.RunTransferJobsAsync();
        var (_, exported) = await owner.DownloadAsync($"/export/{exportId}/download");

        var page = await other.Client.UploadAsync(exported, "llmpages-chats.json");
        await chat.App.RunTransferJobsAsync();
        page = await other.Client.GetAsync(page.Url.AbsolutePath);
        Assert.Contains("Imported 2 chats", page.Text("#transfer-status"), StringComparison.Ordinal);
        var againId = (await other.Client.StartExportAsync()).TransferId();
        await chat.App.RunTransferJobsAsync();
        var (_, again) = await other.Client.DownloadAsync($"/export/{againId}/download");

        Assert.Equal(Content(exported), Content(again));
        Assert.Contains("Answer briefly.", Content(again), StringComparison.Ordinal);
        // New ids: the same file imported into the same account makes copies, never a clash.
        var page2 = await other.Client.UploadAsync(exported, "llmpages-chats.json");
        await chat.App.RunTransferJobsAsync();
        Assert.Equal(ChatTransferStatus.Done, (await chat.App.TransferAsync(page2.TransferId())).Status);
        Assert.Equal(4, (await chat.App.ChatsOfAsync(other.Email)).Count);
    }

    [Fact]
    public async Task OneChatsJsonDownloadImportsAsThatChat()
    {
        await using var chat = await ChatApp.StartAsync(TransferSteps.NoJobServer);
        using var owner = await chat.NewUserAsync("Owner");
        using var other = await Person.RegisterAsync(chat, "Other");
        var id = await ChatExportTests.ChatWithTwoVersionsAsync(chat, owner);
        var (_, exported) = await owner.DownloadAsync($"/chat/{id}/export?format=json");

        var page = await other.Client.UploadAsync(exported, "holiday-plans-for-june.json");
        await chat.App.RunTransferJobsAsync();

        var imported = (await chat.App.ChatsOfAsync(other.Email)).Single();
        Assert.Equal("Holiday plans: for June?", imported.Title);
        Assert.Equal(3, imported.Messages.Count);
        var (_, again) = await other.Client.DownloadAsync($"/chat/{imported.Id}/export?format=json");
        Assert.Equal(Content(exported), Content(again));
        Assert.NotNull((await other.Client.GetAsync(page.Url.AbsolutePath)).Find($"a[href='/chat/{imported.Id}']"));
    }

    public static TheoryData<string, string, string> BadFiles()
    {
        var good = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(new
        {
            format = "llmpages-chats",
            version = 1,
            chats = new[] { Chat("Fine", Guid.NewGuid(), null) },
        }, ChatArchive.Json));
        var orphan = Guid.NewGuid();
        var missingParent = good[..^2] + "," + JsonSerializer.Serialize(Chat("Orphaned", Guid.NewGuid(), orphan), ChatArchive.Json) + "]}";
        var chatGpt = new ChatGptExport();
        var fine = chatGpt.Add("Fine");
        fine.CurrentNode = fine.Message("client-created-root", "user", "Hello", ChatGptExport.Start + 1);
        var broken = chatGpt.Add("Broken");
        broken.CurrentNode = broken.Message("client-created-root", "user", "Hello", ChatGptExport.Start + 1);
        broken.Json["mapping"]![broken.Json["current_node"]!.GetValue<string>()]!["parent"] = "gone-node";
        return new()
        {
            { "not JSON", "This is not JSON, just text.", "The file is not valid JSON (the error is on line 1)." },
            { "white space", "  \n\n ", "The file is empty." },
            { "truncated", good[..(good.Length / 2)], "The file ends in the middle of its JSON" },
            { "another JSON", """{"name": "a settings file", "chats": []}""", "The file is JSON, but not a chat export this app knows." },
            { "a number", "42", "The file is JSON, but not a chat export this app knows." },
            { "an unknown version", good.Replace("\"version\":1", "\"version\":7", StringComparison.Ordinal), "This export is in version 7 of the format, and this app reads only version 1." },
            { "a chat without its title", good.Replace("\"title\":\"Fine\",", "", StringComparison.Ordinal), "Chat 1 of the file is not in the shape this app exports" },
            { "a message whose parent is missing", missingParent, $"Chat 2 (“Orphaned”) of the file has a message whose parent {orphan} is not in the file." },
            { "not ChatGPT conversations", """[{"title": "no mapping"}]""", "Conversation 1 (“no mapping”) of the file has no \"mapping\" of messages" },
            { "a ChatGPT node whose parent is missing", chatGpt.ToString(), "Conversation 2 (“Broken”) of the file has a message whose parent \"gone-node\" is not in the file." },
            { "text after the JSON", good + " {}", "The file goes on after its JSON ends." },
        };

        static ArchivedChat Chat(string title, Guid messageId, Guid? parent) => new(
            Guid.NewGuid(), title, null, null, null, null, DateTime.UtcNow, DateTime.UtcNow, null,
            [new ArchivedMessage(messageId, parent, MessageRole.User, "Hello", MessageStatus.Complete, null, null, null, null, DateTime.UtcNow, null)]);
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task ABadFileGetsItsReasonAndImportsNothing(string kind, string content, string reason)
    {
        await using var chat = await ChatApp.StartAsync(TransferSteps.NoJobServer);
        using var person = await Person.RegisterAsync(chat);

        var page = await person.Client.UploadAsync(content, "bad.json");
        await chat.App.RunTransferJobsAsync();
        page = await person.Client.GetAsync(page.Url.AbsolutePath);

        Assert.True(page.Status == HttpStatusCode.OK, kind);
        var alert = page.Text("#transfer-status [role=alert]");
        Assert.Contains("bad.json could not be imported", alert, StringComparison.Ordinal);
        Assert.True(alert.Contains(reason, StringComparison.Ordinal), $"{kind}: {alert}");
        Assert.Contains("Nothing was imported.", alert, StringComparison.Ordinal);
        Assert.Empty(await chat.App.ChatsOfAsync(person.Email));
        Assert.Equal(0, await chat.App.WithDbAsync(db => db.Messages.CountAsync()));
        Assert.Empty(await chat.App.StoredTransfersAsync());
        Assert.Contains("Failed", (await person.Client.GetAsync("/import")).Text("table"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHostileFileNameIsShownMadeSafeAndTheFileIsKeptUnderItsIdOnly()
    {
        await using var chat = await ChatApp.StartAsync(TransferSteps.NoJobServer);
        using var person = await Person.RegisterAsync(chat);

        var page = await person.Client.UploadAsync("[]", "../../<img src=x onerror=alert(1)>.json");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var stored = await chat.App.TransferAsync(page.TransferId());
        Assert.Equal("img-src-x-onerror-alert-1-.json", stored.FileName);
        Assert.Equal([stored.Id], await chat.App.StoredTransfersAsync());
        Assert.Null(page.Find("img[src=x]"));
    }

    /// <summary>What a person would call the same chats: everything but ids and the export's own time, ids as positions.</summary>
    private static string Content(string export)
    {
        using var json = JsonDocument.Parse(export);
        var chats = json.RootElement.GetProperty("chats").EnumerateArray()
            .Select(c => c.Deserialize<ArchivedChat>(ChatArchive.Json)!)
            .OrderBy(c => c.CreatedAt)
            .Select(c =>
            {
                var order = c.Messages.OrderBy(m => m.CreatedAt).Select(m => m.Id).ToList();
                string Position(Guid? id) => id is { } known ? order.IndexOf(known).ToString(System.Globalization.CultureInfo.InvariantCulture) : "-";
                var messages = c.Messages.OrderBy(m => m.CreatedAt).Select(m =>
                    $"{Position(m.Id)}<{Position(m.ParentId)} {m.Role} {m.Status} {m.Model} {m.PromptTokens}/{m.CompletionTokens} {m.CreatedAt:O} {m.CompletedAt:O} {m.Error} {m.Content}");
                return $"{c.Title}|{c.Model}|{c.SystemPrompt}|{c.Temperature}|{c.MaxTokens}|{c.CreatedAt:O}|{c.UpdatedAt:O}|shown {Position(c.ActiveLeafId)}\n{string.Join('\n', messages)}";
            });
        return string.Join("\n\n", chats);
    }
}

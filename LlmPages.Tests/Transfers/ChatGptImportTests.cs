using System.Net;
using System.Text.Json.Nodes;
using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.History;
using LlmPages.Tests.Infrastructure.FakeModels;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Transfers;

/// <summary>
/// ChatGPT's conversations.json imported through the import page and its job: the mapping tree becomes our message
/// tree (branches kept, tool and hidden nodes left out), current_node the branch shown, system text the system prompt,
/// times kept to the microsecond, and models the app does not have kept by name.
/// </summary>
public sealed class ChatGptImportTests
{
    [Fact]
    public async Task TheMappingTreeBecomesTheChatsMessagesWithBranchesRolesTimesAndModels()
    {
        await using var chat = await ChatApp.StartAsync(TransferSteps.NoJobServer);
        using var person = await Person.RegisterAsync(chat);
        var export = new ChatGptExport();
        var trip = export.Add("Trip to Lisbon", defaultModel: "gpt-4o");
        const double t = ChatGptExport.Start;
        var hidden = trip.Message("client-created-root", "system", "", t + 1, hidden: true);
        var system = trip.Message(hidden, "system", "You are a travel agent.", t + 2);
        var question = trip.Message(system, "user", "Plan a weekend in Lisbon", t + 10.5);
        var answer = trip.Message(question, "assistant", "Day one: Alfama.", t + 20.25, model: "gpt-4o");
        var search = trip.Message(answer, "assistant", "search(\"Lisbon trams\")", t + 21, model: "gpt-4o", contentType: "code", recipient: "browser");
        var found = trip.Message(search, "tool", "Tram 28 runs every 10 minutes.", t + 22, contentType: "tether_browsing_display");
        var more = trip.Message(found, "assistant", "Take tram 28.", t + 23, model: "gpt-4o");
        var thanks = trip.Message(more, "user", "Thanks!", t + 30);
        var welcome = trip.Message(thanks, "assistant", "You're welcome.", t + 31, model: "o1-preview");
        var otherAnswer = trip.Message(question, "assistant", "Another plan: Belém.", t + 40, model: "gpt-4o-mini");
        trip.CurrentNode = welcome;
        var quick = export.Add("Quick question", createTime: t + 100);
        var picture = quick.Message("client-created-root", "user", "", t + 101, contentType: "multimodal_text",
            parts: [new JsonObject { ["content_type"] = "image_asset_pointer", ["asset_pointer"] = "file-service://file-abc" }, JsonValue.Create("What is this?")]);
        quick.CurrentNode = quick.Message(picture, "assistant", "A tram.", t + 102, model: FakeScript.WireModel);

        var page = await person.Client.UploadAsync(export.ToString());
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.StartsWith("/import/", page.Url.AbsolutePath, StringComparison.Ordinal);
        Assert.Contains("Waiting for its turn", page.Text("#transfer-status"), StringComparison.Ordinal);
        await chat.App.RunTransferJobsAsync();

        page = await person.Client.GetAsync(page.Url.AbsolutePath);
        Assert.Contains("Imported 2 chats from conversations.json.", page.Text("#transfer-status"), StringComparison.Ordinal);
        var chats = await chat.App.ChatsOfAsync(person.Email);
        Assert.Equal(["Trip to Lisbon", "Quick question"], chats.Select(c => c.Title));

        var lisbon = chats[0];
        Assert.Equal("You are a travel agent.", lisbon.SystemPrompt);
        Assert.Equal("gpt-4o", lisbon.ModelName);
        Assert.Null(lisbon.ModelId);
        Assert.Equal(ChatGptExport.Time(t), lisbon.CreatedAt);
        Assert.Equal(ChatGptExport.Time(t + 3600), lisbon.UpdatedAt);
        var byText = lisbon.Messages.ToDictionary(m => m.Content);
        Assert.Equal(
            ["Plan a weekend in Lisbon", "Day one: Alfama.", "Take tram 28.", "Thanks!", "You're welcome.", "Another plan: Belém."],
            lisbon.Messages.OrderBy(m => m.CreatedAt).Select(m => m.Content));
        Guid? ParentOf(string text) => byText[text].ParentId;
        Assert.Null(ParentOf("Plan a weekend in Lisbon"));
        Assert.Equal(byText["Plan a weekend in Lisbon"].Id, ParentOf("Day one: Alfama."));
        Assert.Equal(byText["Plan a weekend in Lisbon"].Id, ParentOf("Another plan: Belém.")); // the branch
        Assert.Equal(byText["Day one: Alfama."].Id, ParentOf("Take tram 28.")); // the tool call and its output left out
        Assert.Equal(byText["Take tram 28."].Id, ParentOf("Thanks!"));
        Assert.Equal(byText["You're welcome."].Id, lisbon.ActiveLeafId);
        Assert.Equal([MessageRole.User, MessageRole.Assistant], lisbon.Messages.Select(m => m.Role).Distinct().Order());
        Assert.Equal("o1-preview", byText["You're welcome."].ModelName);
        Assert.Equal("gpt-4o-mini", byText["Another plan: Belém."].ModelName);
        Assert.All(lisbon.Messages, m => Assert.Null(m.ModelId));
        Assert.Equal(ChatGptExport.Time(t + 10.5), byText["Plan a weekend in Lisbon"].CreatedAt);
        Assert.Equal(ChatGptExport.Time(t + 20.25), byText["Day one: Alfama."].CreatedAt);
        Assert.All(lisbon.Messages, m => Assert.Equal(MessageStatus.Complete, m.Status));

        // A model the app has is linked; an attachment is named, not lost silently.
        var tram = chats[1];
        var model = await chat.App.WithDbAsync(db => db.AiModels.AsNoTracking().SingleAsync());
        Assert.Equal(model.Id, tram.ModelId);
        Assert.Null(tram.ModelName);
        Assert.Equal(model.Id, tram.Messages.Single(m => m.Role == MessageRole.Assistant).ModelId);
        Assert.Equal("[An attachment that was not imported]\n\nWhat is this?", tram.Messages.Single(m => m.Role == MessageRole.User).Content);

        // The chat page shows the branch current_node named, with the other version counted.
        var shown = await person.Client.GetAsync($"/chat/{lisbon.Id}");
        Assert.Contains("You're welcome.", shown.Text("#thread"), StringComparison.Ordinal);
        Assert.DoesNotContain("Belém", shown.Text("#thread"), StringComparison.Ordinal);
        Assert.Equal("1 of 2", shown.Find($"#m-{byText["Day one: Alfama."].Id:N} .versions__count")!.TextContent.Trim());
        // The upload is deleted once imported.
        Assert.Empty(await chat.App.StoredTransfersAsync());
    }

    [Fact]
    public async Task ImportedChatsAreFoundByTheHistorysSearchAtOnceByTheirTitlesAndMessages()
    {
        await using var chat = await ChatApp.StartAsync(TransferSteps.NoJobServer);
        using var person = await Person.RegisterAsync(chat);
        var export = new ChatGptExport();
        var zoo = export.Add("Visiting the zoo");
        var question = zoo.Message("client-created-root", "user", "Which animals live longest?", ChatGptExport.Start + 1);
        zoo.CurrentNode = zoo.Message(question, "assistant", "The tuatara can live past a hundred.", ChatGptExport.Start + 2, model: "gpt-4o");

        await person.Client.UploadAsync(export.ToString());
        await chat.App.RunTransferJobsAsync();

        // No restart in between: the import indexes what it saves, as sending a message does.
        Assert.Equal(["Visiting the zoo"], (await person.Client.SearchAsync("tuatara")).Titles());
        Assert.Equal(["Visiting the zoo"], (await person.Client.SearchAsync("zoo")).Titles());
    }

    [Fact]
    public async Task OneImportedChatLinksToItselfAndAStrangerGetsNotFound()
    {
        await using var chat = await ChatApp.StartAsync(TransferSteps.NoJobServer);
        using var owner = await Person.RegisterAsync(chat, "Owner");
        using var stranger = await Person.RegisterAsync(chat, "Stranger");
        var export = new ChatGptExport();
        var one = export.Add("Only one");
        one.CurrentNode = one.Message("client-created-root", "user", "Hello", ChatGptExport.Start + 1);

        var page = await owner.Client.UploadAsync(export.ToString());
        await chat.App.RunTransferJobsAsync();
        page = await owner.Client.GetAsync(page.Url.AbsolutePath);

        var id = (await chat.App.ChatsOfAsync(owner.Email)).Single().Id;
        Assert.NotNull(page.Find($"#transfer-status a[href='/chat/{id}']"));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync(page.Url.AbsolutePath)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync(page.Url.AbsolutePath.Replace("/import/", "/export/", StringComparison.Ordinal))).Status);
        Assert.Null((await stranger.Client.GetAsync("/import")).Find($"a[href='{page.Url.AbsolutePath}']"));
        Assert.NotNull((await owner.Client.GetAsync("/import")).Find($"a[href='{page.Url.AbsolutePath}']"));
        Assert.Empty(await chat.App.ChatsOfAsync(stranger.Email));
    }

    [Fact]
    public async Task TheJobServerRunsTheImport()
    {
        await using var chat = await ChatApp.StartAsync();
        using var person = await Person.RegisterAsync(chat);
        var export = new ChatGptExport();
        var one = export.Add("Served");
        one.CurrentNode = one.Message("client-created-root", "user", "Hello", ChatGptExport.Start + 1);

        var page = await person.Client.UploadAsync(export.ToString());

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await chat.App.TransferAsync(page.TransferId())).Status != ChatTransferStatus.Done)
        {
            Assert.True(DateTime.UtcNow < deadline, "The job server did not run the import within a minute.");
            await Task.Delay(50);
        }
        Assert.Equal("Served", (await chat.App.ChatsOfAsync(person.Email)).Single().Title);
    }

    [Fact]
    public async Task NoFileIsRefusedNextToTheFieldAndInTheSummary()
    {
        await using var chat = await ChatApp.StartAsync(TransferSteps.NoJobServer);
        using var person = await Person.RegisterAsync(chat);

        var page = await person.Client.SubmitAsync(await person.Client.GetAsync("/import"), "main form[enctype]");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Choose a file to import.", page.Text(".field--invalid"), StringComparison.Ordinal);
        Assert.Contains("Choose a file to import.", page.Text("[role=alert]"), StringComparison.Ordinal);
        Assert.Equal(0, await chat.App.WithDbAsync(db => db.ChatTransfers.CountAsync()));
    }
}

using LlmPages.Chat.Conversations;
using LlmPages.Data.Entities;
using LlmPages.Tests.Infrastructure;

namespace LlmPages.Tests.Chat;

/// <summary>
/// Versions of a chat, through the forms without JavaScript: regenerating writes a sibling reply, editing a
/// question writes a sibling question and a new reply, and the arrows switch between them ("2 of 3").
/// </summary>
public sealed class VersionTests
{
    private static readonly Dictionary<string, string?> NoJobs = new() { ["LlmPages:Jobs:RunServer"] = "false" };

    [Fact]
    public async Task RegeneratingWritesASiblingReplyAndThePageCountsTheVersions()
    {
        await using var chat = await ChatApp.StartAsync(NoJobs);
        using var user = await chat.NewUserAsync();
        chat.Model.Script.Tokens = ["First answer"];
        var page = await user.StartChatAsync("Question");
        var id = page.ConversationId();

        chat.Model.Script.Tokens = ["Second answer"];
        page = await RegenerateAsync(user, page);
        chat.Model.Script.Tokens = ["Third answer"];
        page = await RegenerateAsync(user, page);

        var messages = await chat.App.MessagesAsync(id);
        var question = messages.Single(m => m.Role == MessageRole.User);
        var replies = messages.Where(m => m.Role == MessageRole.Assistant).ToList();
        Assert.Equal(["First answer", "Second answer", "Third answer"], replies.Select(r => r.Content));
        Assert.All(replies, r => Assert.Equal(question.Id, r.ParentId));
        // The newest version is shown, alone, as "3 of 3".
        var shown = Assert.Single(page.FindAll(".message--assistant[id]"));
        Assert.Equal($"m-{replies[2].Id:N}", shown.Id);
        Assert.Equal("3 of 3", shown.QuerySelector(".versions__count")!.TextContent.Trim());
        Assert.Null(shown.QuerySelector("form[action$='/show'] + .versions__count + form")); // no "next" after the last
        // The request for a regeneration does not repeat the question.
        var sent = chat.Model.LastRequest("chat/completions").Body!["messages"]!.AsArray();
        Assert.Single(sent, m => m!["role"]!.GetValue<string>() == "user");
    }

    [Fact]
    public async Task ThePreviousVersionArrowShowsAnEarlierReply()
    {
        await using var chat = await ChatApp.StartAsync(NoJobs);
        using var user = await chat.NewUserAsync();
        chat.Model.Script.Tokens = ["First answer"];
        var page = await user.StartChatAsync("Question");
        chat.Model.Script.Tokens = ["Second answer"];
        page = await RegenerateAsync(user, page);

        var shownBefore = page.Find(".message--assistant[id]")!;
        page = await user.SubmitAsync(page, $"#{shownBefore.Id} form[action$='/show']");

        var shown = Assert.Single(page.FindAll(".message--assistant[id]"));
        Assert.Contains("First answer", shown.QuerySelector(".reply")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("1 of 2", shown.QuerySelector(".versions__count")!.TextContent.Trim());
        // It stays chosen: the next visit shows the same version, and a new message continues from it.
        Assert.Equal("1 of 2", (await user.GetAsync($"/chat/{page.ConversationId()}")).Text(".message--assistant .versions__count"));
        chat.Model.Script.Tokens = ["Follow-up answer"];
        await user.SendAsync(page.ConversationId(), "Follow-up");
        var sent = chat.Model.LastRequest("chat/completions").Body!["messages"]!.AsArray();
        Assert.Contains(sent, m => m!["content"]!.ToJsonString().Contains("First answer", StringComparison.Ordinal));
        Assert.DoesNotContain(sent, m => m!["content"]!.ToJsonString().Contains("Second answer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EditingAQuestionStartsABranchAndTheOriginalStaysReachable()
    {
        await using var chat = await ChatApp.StartAsync(NoJobs);
        using var user = await chat.NewUserAsync();
        chat.Model.Script.Tokens = ["Answer to the original"];
        var page = await user.StartChatAsync("Original question");
        var id = page.ConversationId();
        var original = (await chat.App.MessagesAsync(id)).Single(m => m.Role == MessageRole.User);

        var form = await user.GetAsync($"/chat/{id}/messages/{original.Id}/edit");
        Assert.Equal("Original question", form.Find("#Input_Text")!.TextContent);
        chat.Model.Script.Tokens = ["Answer to the edit"];
        page = await user.SubmitAsync(form, "main form", new Dictionary<string, string> { ["Input.Text"] = "Edited question" });

        var messages = await chat.App.MessagesAsync(id);
        var edited = messages.Single(m => m.Content == "Edited question");
        var editedReply = messages.Single(m => m.ParentId == edited.Id);
        Assert.True(editedReply.Status == MessageStatus.Complete, $"{editedReply.Status} '{editedReply.Content}' {page.Url}\n{page.Find("#thread")?.OuterHtml}");
        Assert.Equal(original.ParentId, edited.ParentId);
        Assert.Equal("Answer to the edit", messages.Single(m => m.ParentId == edited.Id).Content);
        Assert.Equal(4, messages.Count); // the original and its reply are kept
        Assert.Equal("Edited question", page.Text(".message--user .message__text"));
        Assert.Equal("2 of 2", page.Text(".message--user .versions__count"));
        Assert.Contains("Answer to the edit", page.Text(".message--assistant[id] .reply"), StringComparison.Ordinal);

        // Back to the original branch: its question and its own reply.
        page = await user.SubmitAsync(page, ".message--user form[action$='/show']");
        Assert.Equal("Original question", page.Text(".message--user .message__text"));
        Assert.Equal("1 of 2", page.Text(".message--user .versions__count"));
        Assert.Contains("Answer to the original", page.Text(".message--assistant[id] .reply"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmptyOrTooLongEditIsRefusedWithAReason()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?>(NoJobs) { ["LlmPages:Chat:MaxMessageLength"] = "30" });
        using var user = await chat.NewUserAsync();
        var id = (await user.StartChatAsync("Original question")).ConversationId();
        var original = (await chat.App.MessagesAsync(id)).Single(m => m.Role == MessageRole.User);
        var form = await user.GetAsync($"/chat/{id}/messages/{original.Id}/edit");

        var empty = await user.SubmitAsync(form, "main form", new Dictionary<string, string> { ["Input.Text"] = "  " });
        var tooLong = await user.SubmitAsync(form, "main form", new Dictionary<string, string> { ["Input.Text"] = new string('y', 31) });

        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, empty.Status);
        Assert.Contains("Write a message first.", empty.Text("main"), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, tooLong.Status);
        Assert.Contains("the most allowed is 30", tooLong.Text("main"), StringComparison.Ordinal);
        Assert.Equal(new string('y', 31), tooLong.Find("#Input_Text")!.TextContent);
        Assert.Equal(2, (await chat.App.MessagesAsync(id)).Count);
    }

    [Fact]
    public async Task OnlyTheLastReplyCanBeRegeneratedFromThePage()
    {
        await using var chat = await ChatApp.StartAsync(NoJobs);
        using var user = await chat.NewUserAsync();
        var id = (await user.StartChatAsync("One")).ConversationId();

        var page = await user.SendAsync(id, "Two");

        var replies = page.FindAll(".message--assistant[id]").ToList();
        Assert.Equal(2, replies.Count);
        Assert.Null(replies[0].QuerySelector("form[action$='/regenerate']"));
        Assert.NotNull(replies[1].QuerySelector("form[action$='/regenerate']"));
    }

    private static async Task<HtmlPage> RegenerateAsync(HtmlClient user, HtmlPage page)
    {
        var reply = page.FindAll(".message--assistant[id]").Last();
        Assert.True(reply.QuerySelector("form[action$='/regenerate']") is not null, $"{page.Status} {page.Url} {page.Html}");
        return await user.SubmitAsync(page, $"#{reply.Id} form[action$='/regenerate']");
    }
}

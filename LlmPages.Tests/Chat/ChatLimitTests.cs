using System.Net;
using LlmPages.Data.Entities;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Infrastructure.FakeModels;

namespace LlmPages.Tests.Chat;

/// <summary>
/// The limits on sending: message length, one reply at a time per chat, a cap on replies at once per person, and
/// one message per composer form however often it is posted. Stalled replies are stopped at the end of each test.
/// </summary>
public sealed class ChatLimitTests
{
    private static readonly Dictionary<string, string?> NoJobs = new() { ["LlmPages:Jobs:RunServer"] = "false" };

    [Fact]
    public async Task AMessageLongerThanTheLimitIsRefusedWithItsLengthAndTheLimit()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?>(NoJobs) { ["LlmPages:Chat:MaxMessageLength"] = "50" });
        using var user = await chat.NewUserAsync();
        var tooLong = new string('x', 51);

        var page = await user.ComposeAsync("/chat", new Dictionary<string, string> { ["Input.Text"] = tooLong });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains("Your message is 51 characters long; the most allowed is 50.", page.Text("#composer"), StringComparison.Ordinal);
        Assert.Equal(tooLong, page.Find("#Input_Text")!.TextContent);
        Assert.Contains("No chats yet", page.Text(".chat-list"), StringComparison.Ordinal);
        Assert.DoesNotContain(chat.Model.Requests, r => r.Path.EndsWith("chat/completions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMessageOfExactlyTheLimitIsSent()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?>(NoJobs) { ["LlmPages:Chat:MaxMessageLength"] = "50" });
        using var user = await chat.NewUserAsync();

        var page = await user.StartChatAsync(new string('x', 50));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(2, (await chat.App.MessagesAsync(page.ConversationId())).Count);
    }

    [Fact]
    public async Task PostingTheSameComposerFormTwiceSendsOnce()
    {
        await using var chat = await ChatApp.StartAsync(NoJobs);
        using var user = await chat.NewUserAsync();
        var id = (await user.StartChatAsync("Hello")).ConversationId();
        var form = await user.GetAsync($"/chat/{id}");
        var values = new Dictionary<string, string> { ["Input.Text"] = "Only once, please" };

        var first = await user.SubmitAsync(form, "#composer", values);
        var again = await user.SubmitAsync(form, "#composer", values); // a reload of the page the post returned

        Assert.Equal(HttpStatusCode.OK, again.Status);
        var messages = await chat.App.MessagesAsync(id);
        Assert.Single(messages, m => m.Content == "Only once, please");
        Assert.Equal(4, messages.Count);
        Assert.Single(again.FindAll(".message--user .message__text"), m => m.TextContent == "Only once, please");
        Assert.Equal(first.FindAll(".message[id]").Select(m => m.Id), again.FindAll(".message[id]").Select(m => m.Id));
    }

    [Fact]
    public async Task AComposerIdThatIsAnotherChatsMessageGetsANewIdAndLeavesThatMessageAlone()
    {
        await using var chat = await ChatApp.StartAsync(NoJobs);
        using var other = await chat.NewUserAsync();
        var othersChat = (await other.StartChatAsync("Somebody else's question")).ConversationId();
        var othersQuestion = (await chat.App.MessagesAsync(othersChat)).Single(m => m.Role == MessageRole.User);
        using var user = await chat.NewUserAsync();
        var id = (await user.StartChatAsync("Hello")).ConversationId();
        var form = await user.GetAsync($"/chat/{id}");

        var page = await user.SubmitAsync(form, "#composer",
            new Dictionary<string, string> { ["Input.Text"] = "Mine", ["Input.ClientId"] = othersQuestion.Id.ToString() });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var mine = (await chat.App.MessagesAsync(id)).Single(m => m.Content == "Mine");
        Assert.NotEqual(othersQuestion.Id, mine.Id);
        Assert.Contains(await chat.App.MessagesAsync(id), m => m.ParentId == mine.Id && m.Role == MessageRole.Assistant);
        var theirs = await chat.App.MessagesAsync(othersChat);
        Assert.Equal(2, theirs.Count);
        Assert.Equal(("Somebody else's question", othersChat), theirs.Where(m => m.Id == othersQuestion.Id).Select(m => (m.Content, m.ConversationId)).Single());
    }

    [Fact]
    public async Task OnlyOneReplyIsWrittenAtATimeInAChat()
    {
        await using var chat = await ChatApp.StartAsync(NoJobs);
        using var user = await chat.NewUserAsync();
        var id = (await user.StartChatAsync("Hello")).ConversationId();
        chat.Model.Script.FirstTokenDelay = FakeScript.Forever;

        await user.SendWithHtmxAsync(id, "First, slowly");
        var refused = await user.SendWithHtmxAsync(id, "Second, too soon");
        var plain = await user.ComposeAsync($"/chat/{id}", new Dictionary<string, string> { ["Input.Text"] = "Third, without JavaScript" });

        Assert.Contains("A reply is still being written in this chat", refused.Html, StringComparison.Ordinal);
        Assert.Equal("#composer-errors", refused.Header("HX-Retarget"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, plain.Status);
        Assert.Contains("A reply is still being written in this chat", plain.Text("#composer"), StringComparison.Ordinal);
        Assert.Equal("Third, without JavaScript", plain.Find("#Input_Text")!.TextContent);
        var messages = await chat.App.MessagesAsync(id);
        Assert.DoesNotContain(messages, m => m.Content is "Second, too soon" or "Third, without JavaScript");

        var stopped = await StopAllAsync(chat, user, id);
        Assert.All(stopped, m => Assert.Equal(MessageStatus.Stopped, m.Status));
    }

    [Fact]
    public async Task APersonCannotHaveMoreRepliesWrittenAtOnceThanTheCap()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?>(NoJobs) { ["LlmPages:Chat:MaxConcurrentGenerationsPerUser"] = "2" });
        using var user = await chat.NewUserAsync();
        using var other = await chat.NewUserAsync("Someone else");
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await user.StartChatAsync($"Chat {i}")).ConversationId());
        }
        var othersChat = (await other.StartChatAsync("Mine")).ConversationId();
        chat.Model.Script.FirstTokenDelay = FakeScript.Forever;

        await user.SendWithHtmxAsync(ids[0], "Slow one");
        await user.SendWithHtmxAsync(ids[1], "Slow two");
        var refused = await user.SendWithHtmxAsync(ids[2], "One too many");
        // The cap is per person: someone else can still send.
        var othersTurn = await other.SendWithHtmxAsync(othersChat, "Not affected");

        Assert.Contains("You already have 2 replies being written at once, the most allowed.", refused.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(await chat.App.MessagesAsync(ids[2]), m => m.Content == "One too many");
        Assert.Contains("Not affected", othersTurn.Html, StringComparison.Ordinal);
        Assert.Null(othersTurn.Header("HX-Retarget"));

        // Stopping one frees a place.
        await StopAllAsync(chat, user, ids[0]);
        var accepted = await user.SendWithHtmxAsync(ids[2], "Now there is room");
        Assert.Null(accepted.Header("HX-Retarget"));
        Assert.Contains(await chat.App.MessagesAsync(ids[2]), m => m.Content == "Now there is room");

        await StopAllAsync(chat, user, ids[1]);
        await StopAllAsync(chat, user, ids[2]);
        await StopAllAsync(chat, other, othersChat);
    }

    /// <summary>Stops every reply still being written in the chat with its Stop form, and returns them once saved.</summary>
    private static async Task<List<Message>> StopAllAsync(ChatApp chat, HtmlClient user, Guid id)
    {
        var stopped = new List<Message>();
        foreach (var reply in (await chat.App.MessagesAsync(id)).Where(m => m.Status == MessageStatus.Streaming))
        {
            var confirm = await user.GetAsync($"/chat/{id}/generations/{reply.Id}/stop");
            await user.SubmitAsync(confirm, "main form");
            stopped.Add(await chat.App.WaitForReplyAsync(reply.Id));
        }
        return stopped;
    }
}

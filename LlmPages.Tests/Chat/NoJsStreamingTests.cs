using System.Text;
using LlmPages.Data.Entities;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Infrastructure.FakeModels;

namespace LlmPages.Tests.Chat;

/// <summary>
/// Without JavaScript the reply is streamed into the page itself: the body is read as it arrives over real Kestrel,
/// so a page that only came once the reply was done would fail these tests.
/// </summary>
public sealed class NoJsStreamingTests
{
    [Fact]
    public async Task ThePageDeliversReplyTextBeforeTheModelHasFinished()
    {
        await using var chat = await ChatApp.StartAsync(kestrel: true);
        using var user = await chat.NewUserAsync();
        var conversationId = (await user.StartChatAsync("Hello")).ConversationId();
        // The first piece, then the model stalls: the rest of the page can only come after Stop.
        chat.Model.Script.Tokens = ["Early words", " never sent"];
        chat.Model.Script.TokenDelay = FakeScript.Forever;

        using var response = await PostComposerAsync(user, conversationId, "Go on");
        var body = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        var read = await ReadUntilAsync(body, "Early words");

        // The reply is still being written when its text reaches the reader.
        var replyId = (await chat.App.MessagesAsync(conversationId))[^1].Id;
        Assert.Equal(MessageStatus.Streaming, (await chat.App.MessagesAsync(conversationId))[^1].Status);
        Assert.Contains("is-draft", read, StringComparison.Ordinal);
        Assert.DoesNotContain("</html>", read, StringComparison.Ordinal);

        using var stop = await user.StopWithHtmxAsync(new StreamSteps.LiveReply(conversationId, replyId, ""));
        var rest = await body.ReadToEndAsync();

        // Then the finished reply and the rest of the page.
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(read + rest);
        var finished = page.QuerySelector($"#m-{replyId:N}")!;
        Assert.Contains("message--stopped", finished.ClassList);
        Assert.Equal("Early words", finished.QuerySelector(".reply")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("#composer"));
        // The chat list comes after the reply: it does not call the chat "writing" any more.
        Assert.NotNull(page.QuerySelector($".chat-list a[href='/chat/{conversationId}']"));
        Assert.Null(page.QuerySelector($"#writing-{conversationId:N}"));
    }

    [Fact]
    public async Task LeavingThePageLetsTheReplyFinishAndBeSaved()
    {
        await using var chat = await ChatApp.StartAsync(kestrel: true);
        using var user = await chat.NewUserAsync();
        var conversationId = (await user.StartChatAsync("Hello")).ConversationId();
        var tokens = Enumerable.Range(1, 10).Select(i => $"part{i} ").ToList();
        chat.Model.Script.Tokens = tokens;
        chat.Model.Script.TokenDelay = TimeSpan.FromMilliseconds(80);

        using (var response = await PostComposerAsync(user, conversationId, "Go on"))
        {
            var body = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
            await ReadUntilAsync(body, "part1");
        }
        // The reader has gone (the connection is closed), while the model is still writing.
        var replyId = (await chat.App.MessagesAsync(conversationId))[^1].Id;

        var saved = await chat.App.WaitForReplyAsync(replyId);

        Assert.Equal(MessageStatus.Complete, saved.Status);
        Assert.Equal(string.Concat(tokens), saved.Content);
    }

    [Fact]
    public async Task ClosingTheEventStreamLetsTheReplyFinishAndBeSaved()
    {
        await using var chat = await ChatApp.StartAsync(kestrel: true);
        using var user = await chat.NewUserAsync();
        var tokens = Enumerable.Range(1, 10).Select(i => $"bit{i} ").ToList();
        var reply = await chat.SendWhileScriptedAsync(user, s =>
        {
            s.Tokens = tokens;
            s.TokenDelay = TimeSpan.FromMilliseconds(80);
        });

        using (var events = await user.OpenEventsAsync(reply.EventsUrl))
        {
            await foreach (var e in ChatSteps.EventsAsync(events))
            {
                break; // one piece, then the tab is closed
            }
        }

        var saved = await chat.App.WaitForReplyAsync(reply.ReplyId);

        Assert.Equal(MessageStatus.Complete, saved.Status);
        Assert.Equal(string.Concat(tokens), saved.Content);
    }

    /// <summary>Posts the composer of the chat page as a browser without JavaScript would, returning at the headers.</summary>
    private static async Task<HttpResponseMessage> PostComposerAsync(HtmlClient user, Guid conversationId, string text)
    {
        var page = await user.GetAsync($"/chat/{conversationId}");
        var form = page.Find("#composer")!;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/chat/{conversationId}")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Text"] = text,
                ["Input.ClientId"] = form.QuerySelector("[name='Input.ClientId']")!.GetAttribute("value")!,
                ["Settings.ModelId"] = form.QuerySelector("[name='Settings.ModelId'] option[selected]")!.GetAttribute("value")!,
                ["__RequestVerificationToken"] = form.QuerySelector("[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            }),
        };
        var response = await user.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    /// <summary>
    /// Reads the body as it arrives until <paramref name="text"/> has come inside the thread; fails if the body ends
    /// first. Only the thread counts: the title job may have named the chat with the same scripted words, and the
    /// chat's title comes earlier in the page.
    /// </summary>
    private static async Task<string> ReadUntilAsync(StreamReader body, string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var read = new StringBuilder();
        var buffer = new char[4096];
        while (!InThread(read.ToString(), text))
        {
            var count = await body.ReadAsync(buffer, timeout.Token);
            Assert.True(count > 0, $"The page ended before \"{text}\" arrived.");
            read.Append(buffer, 0, count);
        }
        return read.ToString();
    }

    private static bool InThread(string read, string text)
    {
        var thread = read.IndexOf("id=\"thread\"", StringComparison.Ordinal);
        return thread >= 0 && read.IndexOf(text, thread, StringComparison.Ordinal) >= 0;
    }
}

using System.Text.RegularExpressions;
using LlmPages.Chat.Conversations;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Infrastructure.FakeModels;
using Microsoft.Playwright;

namespace LlmPages.Tests.Browser;

/// <summary>
/// The chat app (a fake model server as its provider) on Kestrel, for the chat browser tests. Chromium is the
/// shared one of <see cref="BrowserFixture"/>; the tests run one at a time, so each sets the model's script.
/// </summary>
public sealed class ChatInBrowserApp : IAsyncLifetime
{
    public ChatApp Chat { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public FakeScript Script => Chat.Model.Script;

    public async Task InitializeAsync()
    {
        Chat = await ChatApp.StartAsync(kestrel: true);
        BaseUrl = Chat.App.ServerAddress.ToString().TrimEnd('/');
        // A library prompt, so the composer's settings offer the picker that axe checks.
        await Admin.AdminSteps.WithDbAsync(Chat.App, db =>
        {
            db.SystemPrompts.Add(new LlmPages.Data.Entities.SystemPrompt { Name = "Browser prompt", Content = "Be brief, {{user_name}}." });
            return db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync() => await Chat.DisposeAsync();
}

[Collection(BrowserCollection.Name)]
public sealed class ChatInBrowserTests(BrowserFixture browser, ChatInBrowserApp app) : IBrowserTest, IClassFixture<ChatInBrowserApp>
{
    public BrowserFixture Browser => browser;

    /// <summary>Generous: CI has two slow cores, and a reply takes a few seconds on purpose.</summary>
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 30_000 };


    [Fact]
    public async Task ASentMessageStreamsItsReplyThenShowsItFinishedAndFocusReturnsToTheMessageBox()
    {
        var page = await NewSignedInPageAsync();
        var errors = page.CollectErrors();
        await RecordStatusAnnouncementsAsync(page);
        var first = Script("first", 40, TimeSpan.FromMilliseconds(60));

        await StartChatAsync(page, "Count for me");

        await ExpectStreamingThenFinishedAsync(page, first);
        await Assertions.Expect(page.Locator("#chat-status")).ToHaveTextAsync("The reply is complete.");
        // The new chat's page was drawn while its reply was written: its "writing" badge goes when the reply ends.
        await Assertions.Expect(page.Locator(".chat-list .badge")).ToHaveCountAsync(0);

        var second = Script("second", 40, TimeSpan.FromMilliseconds(60));
        await MessageBox(page).FillAsync("And again");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("article.message--user").Last).ToContainTextAsync("And again");
        await Assertions.Expect(MessageBox(page)).ToBeFocusedAsync();
        await Assertions.Expect(MessageBox(page)).ToHaveValueAsync("");
        await ExpectStreamingThenFinishedAsync(page, second);
        // The earlier reply lost its Regenerate button; only the last reply can be regenerated.
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Regenerate this reply" })).ToHaveCountAsync(1);
        await Assertions.Expect(Replies(page)).ToHaveCountAsync(2);
        await Assertions.Expect(Replies(page).First.Locator(".reply")).ToHaveTextAsync(first);
        // The status region was emptied when the second reply started, so its "complete" is new text a screen
        // reader announces again (the same words swapped in over themselves often go unheard).
        await Assertions.Expect(page.Locator("#chat-status")).ToHaveTextAsync("The reply is complete.");
        var said = await page.EvaluateAsync<string[]>("window.statusLog");
        Assert.Equal(["The reply is complete.", "", "The reply is complete."], said.SkipWhile(t => t.Length == 0));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task ANewChatsFirstMessageBringsItsReplyInTheSendsOwnAnswerAndTheAddressBecomesTheChats()
    {
        var page = await NewSignedInPageAsync();
        var errors = page.CollectErrors();
        await RecordStatusAnnouncementsAsync(page);
        var streams = RecordEventStreamRequests(page);
        var full = Script("first", 40, TimeSpan.FromMilliseconds(60));
        await page.GotoAsync("/chat");
        var entries = await page.EvaluateAsync<int>("history.length");

        await MessageBox(page).FillAsync("Count for me");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();

        // The chat's own page, at its own address (one new history entry, however many pieces the reply has).
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/chat/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.Locator("article.message--user")).ToContainTextAsync("Count for me");
        await Assertions.Expect(MessageBox(page)).ToHaveValueAsync("");
        await Assertions.Expect(MessageBox(page)).ToBeFocusedAsync();
        await ExpectStreamingThenFinishedAsync(page, full);
        await Assertions.Expect(page.Locator("#chat-status")).ToHaveTextAsync("The reply is complete.");
        await Assertions.Expect(page).ToHaveTitleAsync("Count for me · LlmPages");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Count for me");
        await Assertions.Expect(page.Locator(".chat-list a[aria-current=page]")).ToHaveTextAsync("Count for me");
        await Assertions.Expect(page.Locator(".chat-list .badge")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#composer button[formaction$=\"?handler=settings\"]")).ToHaveCountAsync(1);
        Assert.Equal(entries + 1, await page.EvaluateAsync<int>("history.length"));
        Assert.True(streams.IsEmpty, "The new chat's page opened its reply's stream: " + string.Join(", ", streams));
        var chatUrl = page.Url;

        // Its composer is the chat's: the next message goes into the same chat, in one round trip too.
        var second = Script("second", 10, TimeSpan.FromMilliseconds(60));
        await SendAsync(page, "And again");
        await ExpectStreamingThenFinishedAsync(page, second);
        await Assertions.Expect(Replies(page)).ToHaveCountAsync(2);
        Assert.Equal(chatUrl, page.Url);
        Assert.Equal(entries + 1, await page.EvaluateAsync<int>("history.length"));
        Assert.True(streams.IsEmpty, "A send opened its reply's stream: " + string.Join(", ", streams));
        await Assertions.Expect(page.Locator("#chat-status")).ToHaveTextAsync("The reply is complete.");
        var said = await page.EvaluateAsync<string[]>("window.statusLog");
        Assert.Equal(["The reply is complete.", "", "The reply is complete."], said.SkipWhile(t => t.Length == 0));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task ARefusedFirstMessageShowsWhyBesideTheComposerAndTheChatThenStartsInOneRoundTrip()
    {
        var page = await NewSignedInPageAsync();
        var errors = page.CollectErrors();
        var streams = RecordEventStreamRequests(page);
        var full = Script("after", 10, TimeSpan.FromMilliseconds(60));
        await page.GotoAsync("/chat");

        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("#composer-errors [role=alert]")).ToContainTextAsync("Write a message first.");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/chat$"));
        await MessageBox(page).FillAsync("Now with words");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/chat/[0-9a-f-]{36}$"));
        await ExpectStreamingThenFinishedAsync(page, full);
        await Assertions.Expect(page.Locator("#composer-errors [role=alert]")).ToHaveCountAsync(0);
        Assert.True(streams.IsEmpty, "The new chat's page opened its reply's stream: " + string.Join(", ", streams));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task ANewChatsAnswerCutOffCarriesOnThroughTheReplysOwnStreamWithoutRepeatingText()
    {
        var page = await NewSignedInPageAsync();
        var errors = page.CollectErrors();
        var streams = RecordEventStreamRequests(page);
        var full = Script("cut", 40, TimeSpan.FromMilliseconds(100));

        await StartChatAsync(page, "Keep going");
        var raw = page.Locator("#thread article.is-streaming .reply--raw");
        await Assertions.Expect(raw).ToContainTextAsync("cut3 ", new() { Timeout = 30_000 });
        Assert.True(streams.IsEmpty, "The new chat's page opened its reply's stream: " + string.Join(", ", streams));
        // The answer ends without its final event, as when the connection drops: htmx's reader of it is cancelled.
        await page.EvaluateAsync("document.getElementById('composer')._htmx.sse.reader.cancel()");

        // The reply asks for itself, still being written, and follows the rest through GET .../events.
        await Assertions.Expect(Replies(page).Last.Locator(".reply:not(.reply--raw)")).ToHaveTextAsync(full, new() { Timeout = 30_000 });
        await Assertions.Expect(Replies(page)).ToHaveCountAsync(1);
        Assert.Contains(streams, url => url.Contains("/events", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#chat-status")).ToHaveTextAsync("The reply is complete.");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task AfterStopWithTheKeyboardFocusIsInTheMessageBoxNotLost()
    {
        var page = await NewSignedInPageAsync();
        var errors = page.CollectErrors();
        Script("slow", 200, TimeSpan.FromMilliseconds(150));

        await StartChatAsync(page, "Go on and on");
        var streaming = page.Locator("#thread article.is-streaming");
        await Assertions.Expect(streaming.Locator(".reply--raw")).ToContainTextAsync("slow1 ", new() { Timeout = 30_000 });
        await streaming.GetByRole(AriaRole.Button, new() { Name = "Stop this reply" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        // The Stop button goes with the streaming reply; focus goes to the message box, not to the page's body.
        await Assertions.Expect(streaming).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Assertions.Expect(MessageBox(page)).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#chat-status")).ToHaveTextAsync("The reply was stopped.");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    /// <summary>Every text the status region (#chat-status) takes, in order, in <c>window.statusLog</c>.</summary>
    private static Task RecordStatusAnnouncementsAsync(IPage page) => page.AddInitScriptAsync("""
        window.statusLog = [];
        new MutationObserver(() => {
          const region = document.getElementById("chat-status");
          const text = region ? region.textContent : null;
          if (text !== null && window.statusLog[window.statusLog.length - 1] !== text) window.statusLog.push(text);
        }).observe(document, { subtree: true, childList: true, characterData: true });
        """);

    [Fact]
    public async Task EnterSendsAndShiftEnterStartsANewLine()
    {
        var page = await NewSignedInPageAsync();
        var errors = page.CollectErrors();
        Script("quick", 3, TimeSpan.Zero);
        await StartChatAsync(page, "Hello");
        await ExpectFinishedAsync(page, "quick0 quick1 quick2");

        var box = MessageBox(page);
        await box.FocusAsync();
        await page.Keyboard.TypeAsync("line one");
        await page.Keyboard.PressAsync("Shift+Enter");
        await page.Keyboard.TypeAsync("line two");
        await Assertions.Expect(box).ToHaveValueAsync("line one\nline two");
        await Assertions.Expect(page.Locator("article.message--user")).ToHaveCountAsync(1);

        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator("article.message--user")).ToHaveCountAsync(2);
        Assert.Equal("line one\nline two", await page.Locator("article.message--user").Last.Locator(".message__text").TextContentAsync());
        await Assertions.Expect(box).ToHaveValueAsync("");
        await Assertions.Expect(box).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#thread article.is-streaming")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task StopEndsTheReplyAndKeepsWhatWasWritten()
    {
        var page = await NewSignedInPageAsync();
        var errors = page.CollectErrors();
        var streams = RecordEventStreamRequests(page);
        var full = Script("slow", 200, TimeSpan.FromMilliseconds(150));

        await StartChatAsync(page, "Go on and on");
        var streaming = page.Locator("#thread article.is-streaming");
        await Assertions.Expect(streaming.Locator(".reply--raw")).ToContainTextAsync("slow2 ", new() { Timeout = 30_000 });
        // A new chat's reply comes in its send's own answer too.
        Assert.True(streams.IsEmpty, "The new chat's page opened its reply's stream: " + string.Join(", ", streams));
        await streaming.GetByRole(AriaRole.Button, new() { Name = "Stop this reply" }).ClickAsync();

        await Assertions.Expect(streaming).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        var reply = Replies(page).Last;
        await Assertions.Expect(reply).ToContainTextAsync("You stopped this reply; what was written is kept");
        await Assertions.Expect(page.Locator("#chat-status")).ToHaveTextAsync("The reply was stopped.");
        var kept = (await reply.Locator(".reply").InnerTextAsync()).Trim();
        Assert.StartsWith("slow0 slow1 slow2", kept, StringComparison.Ordinal);
        Assert.StartsWith(kept, full, StringComparison.Ordinal);
        Assert.NotEqual(full, kept);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task RegenerateAddsAVersionAndTheArrowsSwitchBetweenThem()
    {
        var page = await NewSignedInPageAsync();
        var errors = page.CollectErrors();
        var first = Script("one", 5, TimeSpan.Zero);
        await StartChatAsync(page, "Tell me something");
        await ExpectFinishedAsync(page, first);

        var second = Script("two", 30, TimeSpan.FromMilliseconds(60));
        await page.GetByRole(AriaRole.Button, new() { Name = "Regenerate this reply" }).ClickAsync();

        await ExpectStreamingThenFinishedAsync(page, second);
        var versions = page.GetByRole(AriaRole.Navigation, new() { Name = "Versions of this reply" });
        await Assertions.Expect(versions).ToContainTextAsync("2 of 2");
        await Assertions.Expect(Replies(page)).ToHaveCountAsync(1);

        await versions.GetByRole(AriaRole.Button, new() { Name = "Previous version" }).ClickAsync();
        await Assertions.Expect(versions).ToContainTextAsync("1 of 2");
        await ExpectFinishedAsync(page, first);

        await versions.GetByRole(AriaRole.Button, new() { Name = "Next version" }).ClickAsync();
        await Assertions.Expect(versions).ToContainTextAsync("2 of 2");
        await ExpectFinishedAsync(page, second);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task EditingAMessageStartsABranchAndTheArrowsSwitchBranches()
    {
        var page = await NewSignedInPageAsync();
        var errors = page.CollectErrors();
        var original = Script("cats", 5, TimeSpan.Zero);
        await StartChatAsync(page, "Tell me about cats");
        await ExpectFinishedAsync(page, original);

        await page.GetByRole(AriaRole.Link, new() { Name = "Edit this message" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edit your message" })).ToBeVisibleAsync();
        var edited = Script("dogs", 30, TimeSpan.FromMilliseconds(60));
        await page.GetByLabel("Your message").FillAsync("Tell me about dogs");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send edited message" }).ClickAsync();

        await ExpectStreamingThenFinishedAsync(page, edited);
        var question = page.Locator("article.message--user");
        await Assertions.Expect(question).ToHaveCountAsync(1);
        await Assertions.Expect(question.Locator(".message__text")).ToHaveTextAsync("Tell me about dogs");
        var versions = page.GetByRole(AriaRole.Navigation, new() { Name = "Versions of this message" });
        await Assertions.Expect(versions).ToContainTextAsync("2 of 2");

        await versions.GetByRole(AriaRole.Button, new() { Name = "Previous version" }).ClickAsync();
        await Assertions.Expect(versions).ToContainTextAsync("1 of 2");
        await Assertions.Expect(question.Locator(".message__text")).ToHaveTextAsync("Tell me about cats");
        await ExpectFinishedAsync(page, original);

        await versions.GetByRole(AriaRole.Button, new() { Name = "Next version" }).ClickAsync();
        await Assertions.Expect(question.Locator(".message__text")).ToHaveTextAsync("Tell me about dogs");
        await ExpectFinishedAsync(page, edited);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task AReloadMidStreamCarriesOnWhereThePageLeftOffWithoutRepeatingText()
    {
        var page = await NewSignedInPageAsync();
        var errors = page.CollectErrors();
        var streams = RecordEventStreamRequests(page);
        var full = Script("piece", 40, TimeSpan.FromMilliseconds(100));

        await StartChatAsync(page, "Take your time");
        var raw = page.Locator("#thread article.is-streaming .reply--raw");
        await Assertions.Expect(raw).ToContainTextAsync("piece3 ", new() { Timeout = 30_000 });
        Assert.True(streams.IsEmpty, "The new chat's page opened its reply's stream: " + string.Join(", ", streams));

        await page.ReloadAsync();

        // The reloaded page holds the text so far and follows the rest from there, through GET .../events.
        await Assertions.Expect(raw).ToContainTextAsync("piece3 ");
        var before = await raw.TextContentAsync() ?? "";
        Assert.StartsWith(before, full, StringComparison.Ordinal);
        await Assertions.Expect(raw).Not.ToHaveTextAsync(before, new() { Timeout = 30_000 });
        var later = await page.Locator("#thread article.message--assistant").Last.Locator(".reply").TextContentAsync() ?? "";
        Assert.StartsWith(later.Trim(), full, StringComparison.Ordinal);

        await Assertions.Expect(Replies(page).Last.Locator(".reply:not(.reply--raw)")).ToHaveTextAsync(full, new() { Timeout = 30_000 });
        await Assertions.Expect(Replies(page)).ToHaveCountAsync(1);
        Assert.Contains(streams, url => url.Contains("/events", StringComparison.Ordinal));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task ASendInAChatBringsItsReplyInTheSendsOwnAnswerWithoutOpeningAnotherStream()
    {
        var page = await NewSignedInPageAsync();
        var errors = page.CollectErrors();
        await RecordStatusAnnouncementsAsync(page);
        var streams = RecordEventStreamRequests(page);
        await StartChatWithAQuickReplyAsync(page);

        var full = Script("next", 40, TimeSpan.FromMilliseconds(60));
        var before = await page.EvaluateAsync<int>("window.statusLog.length");
        await SendAsync(page, "And again");

        await Assertions.Expect(MessageBox(page)).ToHaveValueAsync("");
        await Assertions.Expect(MessageBox(page)).ToBeFocusedAsync();
        await ExpectStreamingThenFinishedAsync(page, full);
        await Assertions.Expect(page.Locator("#chat-status")).ToHaveTextAsync("The reply is complete.");
        await Assertions.Expect(Replies(page)).ToHaveCountAsync(2);
        // The screen reader hears the end of the reply once, and nothing while it streams.
        var said = await page.EvaluateAsync<string[]>("window.statusLog");
        Assert.Equal(["The reply is complete."], said.Skip(before).Where(t => t.Length > 0));
        Assert.True(streams.IsEmpty, "The send opened an event stream of its own: " + string.Join(", ", streams));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task ASendAnsweredWithItsReplyAlreadyFinishedStillAnnouncesHowItEnded()
    {
        var page = await NewSignedInPageAsync();
        var errors = page.CollectErrors();
        await RecordStatusAnnouncementsAsync(page);
        await StartChatWithAQuickReplyAsync(page);
        Script("again", 2, TimeSpan.Zero);
        var clientId = await page.Locator("#composer-client-id").InputValueAsync();
        await SendAsync(page, "And again");
        await ExpectFinishedAsync(page, "again0 again1");
        await Assertions.Expect(page.Locator("#chat-status")).ToHaveTextAsync("The reply is complete.");

        // The same form sent again (a browser's retry): its answer draws the reply it started, finished long ago. The
        // region said "The reply is complete." already; a screen reader must hear it again, as a change.
        var before = await page.EvaluateAsync<int>("window.statusLog.length");
        await page.Locator("#composer-client-id").EvaluateAsync("(input, id) => input.value = id", clientId);
        await MessageBox(page).FillAsync("And again");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();

        await page.WaitForFunctionAsync("n => window.statusLog.length >= n + 2", before, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#chat-status")).ToHaveTextAsync("The reply is complete.");
        var said = await page.EvaluateAsync<string[]>("window.statusLog");
        Assert.Equal(["", "The reply is complete."], said.Skip(before));
        await Assertions.Expect(MessageBox(page)).ToBeFocusedAsync();
        await Assertions.Expect(Replies(page)).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("article.message--user")).ToHaveCountAsync(2);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task StopEndsAReplyThatCameInTheSendsAnswer()
    {
        var page = await NewSignedInPageAsync();
        var errors = page.CollectErrors();
        var streams = RecordEventStreamRequests(page);
        await StartChatWithAQuickReplyAsync(page);
        streams.Clear();
        var full = Script("slow", 200, TimeSpan.FromMilliseconds(150));

        await SendAsync(page, "Go on and on");
        var streaming = page.Locator("#thread article.is-streaming");
        await Assertions.Expect(streaming.Locator(".reply--raw")).ToContainTextAsync("slow2 ", new() { Timeout = 30_000 });
        await streaming.GetByRole(AriaRole.Button, new() { Name = "Stop this reply" }).ClickAsync();

        await Assertions.Expect(streaming).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        var reply = Replies(page).Last;
        await Assertions.Expect(reply).ToContainTextAsync("You stopped this reply; what was written is kept");
        await Assertions.Expect(page.Locator("#chat-status")).ToHaveTextAsync("The reply was stopped.");
        var kept = (await reply.Locator(".reply").InnerTextAsync()).Trim();
        Assert.StartsWith("slow0 slow1 slow2", kept, StringComparison.Ordinal);
        Assert.StartsWith(kept, full, StringComparison.Ordinal);
        Assert.NotEqual(full, kept);
        Assert.True(streams.IsEmpty, "The send opened an event stream of its own: " + string.Join(", ", streams));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task AReloadWhileASentReplyStreamsFollowsItThroughItsOwnStreamAndMissesNothing()
    {
        var page = await NewSignedInPageAsync();
        var errors = page.CollectErrors();
        var streams = RecordEventStreamRequests(page);
        await StartChatWithAQuickReplyAsync(page);
        streams.Clear();
        var full = Script("piece", 40, TimeSpan.FromMilliseconds(100));

        await SendAsync(page, "Take your time");
        var raw = page.Locator("#thread article.is-streaming .reply--raw");
        await Assertions.Expect(raw).ToContainTextAsync("piece3 ", new() { Timeout = 30_000 });
        Assert.True(streams.IsEmpty, "The send opened an event stream of its own: " + string.Join(", ", streams));

        await page.ReloadAsync();

        // The reloaded page holds the text so far and follows the rest through GET .../events from there.
        await Assertions.Expect(raw).ToContainTextAsync("piece3 ");
        var before = await raw.TextContentAsync() ?? "";
        Assert.StartsWith(before, full, StringComparison.Ordinal);
        await Assertions.Expect(raw).Not.ToHaveTextAsync(before, new() { Timeout = 30_000 });
        var later = await Replies(page).Last.Locator(".reply").TextContentAsync() ?? "";
        Assert.StartsWith(later.Trim(), full, StringComparison.Ordinal);
        await Assertions.Expect(Replies(page).Last.Locator(".reply:not(.reply--raw)")).ToHaveTextAsync(full, new() { Timeout = 30_000 });
        await Assertions.Expect(Replies(page)).ToHaveCountAsync(2);
        Assert.Contains(streams, url => url.Contains("/events", StringComparison.Ordinal));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task ASecondTabFollowsTheReplyThatASendIsStreaming()
    {
        var page = await NewSignedInPageAsync();
        var errors = page.CollectErrors();
        var streams = RecordEventStreamRequests(page);
        await StartChatWithAQuickReplyAsync(page);
        streams.Clear();
        var full = Script("both", 40, TimeSpan.FromMilliseconds(100));

        await SendAsync(page, "Tell both tabs");
        var raw = page.Locator("#thread article.is-streaming .reply--raw");
        await Assertions.Expect(raw).ToContainTextAsync("both2 ", new() { Timeout = 30_000 });
        var second = await page.Context.NewPageAsync();
        var secondErrors = second.CollectErrors();
        await second.GotoAsync(page.Url);

        // The second tab shows the text so far and follows the same reply to its end; so does the first.
        await Assertions.Expect(second.Locator("#thread article.is-streaming .reply--raw")).ToContainTextAsync("both2 ");
        foreach (var tab in new[] { page, second })
        {
            await Assertions.Expect(Replies(tab).Last.Locator(".reply:not(.reply--raw)")).ToHaveTextAsync(full, new() { Timeout = 30_000 });
            await Assertions.Expect(Replies(tab)).ToHaveCountAsync(2);
        }
        // The first tab had it all in its send's answer.
        Assert.True(streams.IsEmpty, "The send opened an event stream of its own: " + string.Join(", ", streams));
        Assert.True(errors.Count + secondErrors.Count == 0, string.Join("\n", errors.Concat(secondErrors)));
    }

    [Fact]
    public async Task ASentReplyWhoseAnswerIsCutOffCarriesOnThroughItsOwnStreamWithoutRepeatingText()
    {
        var page = await NewSignedInPageAsync();
        var errors = page.CollectErrors();
        var streams = RecordEventStreamRequests(page);
        await StartChatWithAQuickReplyAsync(page);
        streams.Clear();
        var full = Script("cut", 40, TimeSpan.FromMilliseconds(100));

        await SendAsync(page, "Keep going");
        var raw = page.Locator("#thread article.is-streaming .reply--raw");
        await Assertions.Expect(raw).ToContainTextAsync("cut3 ", new() { Timeout = 30_000 });
        Assert.True(streams.IsEmpty, "The send opened an event stream of its own: " + string.Join(", ", streams));
        // The answer ends without its final event, as when the connection drops: htmx's reader of it is cancelled.
        await page.EvaluateAsync("document.getElementById('composer')._htmx.sse.reader.cancel()");

        // The reply asks for itself, still being written, and follows the rest through GET .../events.
        await Assertions.Expect(Replies(page).Last.Locator(".reply:not(.reply--raw)")).ToHaveTextAsync(full, new() { Timeout = 30_000 });
        await Assertions.Expect(Replies(page)).ToHaveCountAsync(2);
        Assert.Contains(streams, url => url.Contains("/events", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#chat-status")).ToHaveTextAsync("The reply is complete.");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task AxeFindsNoViolationsOnTheChatPageWithAFinishedReplyInLightAndDark()
    {
        var page = await NewSignedInPageAsync();
        var errors = page.CollectErrors();
        Script("done", 1, TimeSpan.Zero);
        app.Script.Tokens = ["# A heading\n\n", "Some *text* and `code`.\n\n", "- one\n- two\n\n", "```\nblock\n```\n"];
        var streams = RecordEventStreamRequests(page);
        await StartChatAsync(page, "Format something");
        await Assertions.Expect(page.Locator("#thread article.is-streaming")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Assertions.Expect(Replies(page).Last.Locator(".reply h1, .reply h2, .reply h3, .reply h4").First).ToBeVisibleAsync(Visible);

        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await page.UseColorSchemeAsync(scheme);
            await ExpectNoAxeViolationsAsync(page, scheme.ToString());
        }
        Assert.True(streams.IsEmpty, "The new chat's page opened its reply's stream: " + string.Join(", ", streams));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task AxeFindsNoViolationsOnTheChatPageWhileAReplyStreamsInLightAndDark()
    {
        var page = await NewSignedInPageAsync();
        var errors = page.CollectErrors();
        Script("busy", 3, FakeScript.Forever);
        await StartChatAsync(page, "Keep writing");
        var streaming = page.Locator("#thread article.is-streaming[aria-busy=true]");
        await Assertions.Expect(streaming.Locator(".reply--raw")).ToContainTextAsync("busy0", new() { Timeout = 30_000 });

        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await page.UseColorSchemeAsync(scheme);
            await ExpectNoAxeViolationsAsync(page, scheme.ToString());
        }
        await Assertions.Expect(streaming).ToHaveCountAsync(1);

        await streaming.GetByRole(AriaRole.Button, new() { Name = "Stop this reply" }).ClickAsync();
        await Assertions.Expect(streaming).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task WithoutJavaScriptTheReplyGrowsInThePageAndThenShowsFormatted()
    {
        var page = await NewSignedInPageAsync(javaScript: false);
        var errors = page.CollectErrors();
        var full = Script("plain", 30, TimeSpan.FromMilliseconds(80));
        app.Script.Tokens[0] = "**plain0** ";

        await page.GotoAsync("/chat");
        await MessageBox(page).FillAsync("No scripts here");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();

        var draft = page.Locator("article.is-draft .reply--raw");
        await Assertions.Expect(draft).ToContainTextAsync("plain2 ", new() { Timeout = 30_000 });
        var early = await draft.TextContentAsync() ?? "";
        Assert.DoesNotContain("plain29", early, StringComparison.Ordinal);
        await Assertions.Expect(draft).ToContainTextAsync("plain10 ", new() { Timeout = 30_000 });

        var finished = Replies(page).Last.Locator(".reply");
        await Assertions.Expect(finished).ToHaveTextAsync(full.Replace("**", "", StringComparison.Ordinal), new() { Timeout = 30_000 });
        await Assertions.Expect(finished.Locator("strong")).ToHaveTextAsync("plain0");
        await Assertions.Expect(page.Locator("article.is-draft")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Article)).ToHaveCountAsync(2);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    // --- Steps ------------------------------------------------------------------------------------------------

    /// <summary>Sets the model's reply to "prefix0 prefix1 ..." and returns the whole of it (trimmed).</summary>
    private string Script(string prefix, int count, TimeSpan tokenDelay)
    {
        app.Script.Tokens = Enumerable.Range(0, count).Select(i => $"{prefix}{i} ").ToList();
        app.Script.FirstTokenDelay = TimeSpan.Zero;
        app.Script.TokenDelay = tokenDelay;
        app.Script.DropAfterTokens = null;
        app.Script.FailWithStatus = null;
        return string.Concat(app.Script.Tokens).Trim();
    }

    private async Task<IPage> NewSignedInPageAsync(ColorScheme colorScheme = ColorScheme.Light, bool javaScript = true)
    {
        var page = await browser.NewPageAsync(colorScheme, javaScript, app.BaseUrl);
        await page.GotoAsync("/account/register");
        await page.GetByLabel("Display name").FillAsync("Chris Chat");
        await page.GetByLabel("E-mail address").FillAsync(Infrastructure.Accounts.NewEmail("chat-browser"));
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Infrastructure.Accounts.Password);
        await page.GetByLabel("Confirm password").FillAsync(Infrastructure.Accounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(page.Locator(".site-user__name")).ToHaveTextAsync("Chris Chat");
        return page;
    }

    private static ILocator MessageBox(IPage page) => page.GetByRole(AriaRole.Textbox, new() { Name = "Message", Exact = true });

    private static ILocator Replies(IPage page) => page.Locator("#thread article.message--assistant");

    /// <summary>A new chat whose first reply is written at once and finished.</summary>
    private async Task StartChatWithAQuickReplyAsync(IPage page)
    {
        Script("first", 2, TimeSpan.Zero);
        await StartChatAsync(page, "Hello");
        await ExpectFinishedAsync(page, "first0 first1");
        // Said whether the reply streamed or was drawn finished: done before the test goes on, so that what the region
        // says next is the test's own.
        await Assertions.Expect(page.Locator("#chat-status")).ToHaveTextAsync("The reply is complete.");
    }

    /// <summary>Sends the next message of the chat shown, from the composer, and waits for it in the thread.</summary>
    private static async Task SendAsync(IPage page, string text)
    {
        await MessageBox(page).FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("article.message--user").Last).ToContainTextAsync(text);
    }

    /// <summary>Every request the page makes for a reply's own event stream (GET .../events), as it is made.</summary>
    private static System.Collections.Concurrent.ConcurrentQueue<string> RecordEventStreamRequests(IPage page)
    {
        var urls = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/generations/", StringComparison.Ordinal) && request.Url.Contains("/events", StringComparison.Ordinal))
            {
                urls.Enqueue(request.Url);
            }
        };
        return urls;
    }

    /// <summary>Sends the first message of a new chat and waits for the chat's own address.</summary>
    private static async Task StartChatAsync(IPage page, string text)
    {
        await page.GotoAsync("/chat");
        await MessageBox(page).FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/chat/[0-9a-f-]{36}"));
        await Assertions.Expect(page.Locator("article.message--user").Last).ToContainTextAsync(text);
    }

    /// <summary>
    /// The last reply is seen while it is being written (busy, with part of its text), then finished with the
    /// whole text exactly once.
    /// </summary>
    private static async Task ExpectStreamingThenFinishedAsync(IPage page, string full)
    {
        var streaming = page.Locator("#thread article.is-streaming[aria-busy=true]");
        var raw = streaming.Locator(".reply--raw");
        await Assertions.Expect(raw).Not.ToBeEmptyAsync(new() { Timeout = 30_000 });
        var part = (await raw.TextContentAsync() ?? "").Trim();
        Assert.True(part.Length > 0 && part.Length < full.Length, $"Expected part of the reply while it streams, saw: {part}");
        Assert.StartsWith(part, full, StringComparison.Ordinal);
        await Assertions.Expect(streaming.GetByRole(AriaRole.Button, new() { Name = "Stop this reply" })).ToBeVisibleAsync();

        await ExpectFinishedAsync(page, full);
        await Assertions.Expect(Replies(page).Last.GetByRole(AriaRole.Button, new() { Name = "Regenerate this reply" })).ToBeVisibleAsync();
    }

    /// <summary>
    /// The last reply is finished (not merely all its text streamed: the edit page refuses until it is done)
    /// and shows exactly this text.
    /// </summary>
    private static async Task ExpectFinishedAsync(IPage page, string full)
    {
        await Assertions.Expect(page.Locator("#thread article.is-streaming")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Assertions.Expect(Replies(page).Last.Locator(".reply")).ToHaveTextAsync(full);
    }

    private static async Task ExpectNoAxeViolationsAsync(IPage page, string what)
    {
        var results = await page.AxeAsync();
        Assert.True(results.Violations.Length == 0, $"{what}:\n" + string.Join("\n", results.Violations.Select(v =>
            $"{v.Id}: {v.Help} — {string.Join("; ", v.Nodes.Select(n => n.Html))}")));
    }
}

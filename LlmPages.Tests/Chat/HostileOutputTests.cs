using AngleSharp.Dom;
using LlmPages.Data.Entities;
using LlmPages.Tests.Infrastructure;

namespace LlmPages.Tests.Chat;

/// <summary>
/// Model output, a person's own text and chat titles are untrusted. Put through the whole app (streamed, saved,
/// rendered, shown on the chat page) they must stay inert: no script, no event handler, no htmx attribute, no
/// script-capable or data URL, no remote image; the reply container tells htmx to ignore what is inside it.
/// </summary>
public sealed class HostileOutputTests
{
    /// <summary>The corpus without its stress cases (those are for the renderer alone: seconds each, no new risk here).</summary>
    public static TheoryData<string> Cases => new(HostileMarkdownCorpus.All
        .Where(c => !c.Name.Contains("thousand", StringComparison.Ordinal))
        .Select(c => c.Name));

    [Fact]
    public async Task EveryHostileReplyIsShownInertOnTheChatPage()
    {
        // One app for all cases: each is a new chat, so one case cannot hide another.
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false" });
        using var user = await chat.NewUserAsync();
        var failures = new List<string>();

        foreach (var name in Cases)
        {
            var hostile = HostileMarkdownCorpus.Get(name);
            // Split into small pieces, so a tag is cut across stream chunks as a real model would do.
            chat.Model.Script.Tokens = [.. hostile.Markdown.Chunk(5).Select(c => new string(c))];

            var page = await user.StartChatAsync($"Case: {name}");
            var reply = (await chat.App.MessagesAsync(page.ConversationId())).Single(m => m.Role == MessageRole.Assistant);

            failures.AddRange(Problems(page, reply).Select(p => $"{name}: {p}"));
            // The page reloaded later (no streaming draft) shows the same stored reply.
            var reloaded = await user.GetAsync($"/chat/{page.ConversationId()}");
            failures.AddRange(Problems(reloaded, reply).Select(p => $"{name} (reload): {p}"));
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task EveryHostileReplyIsShownAsTextInItsHistorySnippet()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?>
        {
            ["LlmPages:Jobs:RunServer"] = "false",
            ["LlmPages:Chat:HistoryPerPage"] = "200",
        });
        using var user = await chat.NewUserAsync();
        var chats = new Dictionary<Guid, string>();
        foreach (var name in Cases)
        {
            // The word searched for inside the hostile text, so the snippet holds the text on both sides of its mark.
            var hostile = HostileMarkdownCorpus.Get(name).Markdown;
            chat.Model.Script.Tokens = [.. $"{hostile} zyzzyva {hostile}".Chunk(5).Select(c => new string(c))];
            var id = (await user.StartChatAsync($"Case {chats.Count}")).ConversationId();
            await chat.App.WaitForReplyAsync((await chat.App.MessagesAsync(id)).Single(m => m.Role == MessageRole.Assistant).Id);
            chats[id] = name;
        }

        var page = await user.GetAsync("/history?q=zyzzyva");

        var failures = new List<string>(InjectedMarkup(page));
        foreach (var (id, name) in chats)
        {
            var snippet = page.Find($".history-item:has(a[href='/chat/{id}']) .history-item__snippet");
            if (snippet is null)
            {
                failures.Add($"{name}: no snippet");
                continue;
            }
            failures.AddRange(snippet.Descendants<IElement>().Where(e => e.LocalName != "mark").Select(e => $"{name}: <{e.LocalName}> in the snippet"));
            if (!snippet.QuerySelectorAll("mark").Any(m => m.TextContent == "zyzzyva"))
            {
                failures.Add($"{name}: the word is not marked");
            }
        }
        if (page.FindAll("main img, main iframe, main [hx-get], main [hx-post], main a[href^='javascript:' i]").Any())
        {
            failures.Add("an element from a reply on the history page");
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal(chats.Count, page.FindAll(".history-item__snippet").Count());
    }

    [Fact]
    public void TheCheckFindsAnUnsafeReply()
    {
        // The check above must be able to fail: the same check on hostile HTML placed in a page by hand.
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(
            "<article id='m-x'><div class='reply'><img src='https://evil.example/p.png' onerror='x'><a href='javascript:x' hx-get='/a'>x</a><script>x</script></div></article>");

        var problems = ReplyProblems(document.QuerySelector(".reply")!);

        Assert.Contains(problems, p => p.Contains("<script>", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("onerror", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("hx-get", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("javascript:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("remote image", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("hx-ignore", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AHostileMessageFromThePersonIsShownAsText()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false" });
        using var user = await chat.NewUserAsync();
        const string hostile = "<script>alert(1)</script><img src=x onerror=alert(2)><a href=\"javascript:alert(3)\" hx-get=\"/admin\">x</a>";

        var page = await user.StartChatAsync(hostile);

        var question = page.Find(".message--user .message__text")!;
        Assert.Empty(question.Children);
        Assert.Equal(hostile, question.TextContent);
        AssertNoInjectedMarkup(page);
    }

    [Fact]
    public async Task AHostileTitleIsShownAsTextInTheHeadingTheListAndTheTabTitle()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false" });
        using var user = await chat.NewUserAsync();
        var id = (await user.StartChatAsync("Hello")).ConversationId();
        const string hostile = "<img src=x onerror=alert(1)><script>alert(2)</script>";

        var page = await user.PostWithTokenAsync($"/chat/{id}/rename", new Dictionary<string, string> { ["Input.Title"] = hostile });

        Assert.Equal(hostile, page.Text("#chat-title"));
        Assert.Equal(hostile, page.Find($".chat-list a[href='/chat/{id}']")!.TextContent.Trim());
        Assert.Contains(hostile, page.Document.Title, StringComparison.Ordinal);
        AssertNoInjectedMarkup(page);
        // The pages that quote the title.
        AssertNoInjectedMarkup(await user.GetAsync($"/chat/{id}/rename"));
        AssertNoInjectedMarkup(await user.GetAsync($"/chat/{id}/delete"));
    }

    [Fact]
    public async Task StreamedTextOfAHostileReplyIsHtmlEscapedInTheEvents()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false" });
        using var user = await chat.NewUserAsync();
        var id = (await user.StartChatAsync("Hello")).ConversationId();
        const string hostile = "<script>alert(1)</script> & <img src=x onerror=alert(2)> \"quoted\" 'single'";
        // Slow enough that the reply is still being written when the stream is opened.
        chat.Model.Script.Tokens = [.. hostile.Chunk(4).Select(c => new string(c))];
        chat.Model.Script.FirstTokenDelay = TimeSpan.FromMilliseconds(300);
        chat.Model.Script.TokenDelay = TimeSpan.FromMilliseconds(50);

        await user.SendWithHtmxAsync(id, "Be hostile");
        var reply = (await chat.App.MessagesAsync(id)).Last(m => m.Role == MessageRole.Assistant);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/chat/{id}/generations/{reply.Id}/events");
        using var response = await user.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var events = await ChatSteps.ReadEventsAsync(response);

        var pieces = events.Where(e => e.Name is null).Select(e => e.Data).ToList();
        Assert.NotEmpty(pieces);
        Assert.All(pieces, data => Assert.DoesNotContain('<', data));
        Assert.All(pieces, data => Assert.DoesNotContain('>', data));
        // Decoded as htmx would (as HTML), the pieces are exactly the text the model wrote.
        var decoded = System.Net.WebUtility.HtmlDecode(string.Concat(pieces));
        Assert.Equal(hostile, decoded);
        Assert.Equal("reply-done", events[^1].Name);
    }

    private static IEnumerable<string> Problems(HtmlPage page, Message reply)
    {
        var container = page.Find($"#m-{reply.Id:N} .reply");
        if (container is null)
        {
            // An empty reply has no container to check; a non-empty one must have one.
            if (reply.Content.Trim().Length > 0 && reply.ContentHtml is { Length: > 0 })
            {
                yield return "no reply container on the page";
            }
        }
        else
        {
            foreach (var problem in ReplyProblems(container))
            {
                yield return problem;
            }
        }
        // The streamed draft of a plain post is text only.
        foreach (var draft in page.FindAll(".is-draft .reply--raw"))
        {
            if (draft.Children.Length > 0)
            {
                yield return $"the draft holds elements: {draft.InnerHtml}";
            }
        }
        foreach (var problem in InjectedMarkup(page))
        {
            yield return problem;
        }
    }

    private static List<string> ReplyProblems(IElement container)
    {
        var problems = new List<string>();
        if (!container.HasAttribute("hx-ignore"))
        {
            problems.Add("the reply container lacks hx-ignore");
        }
        foreach (var element in container.Descendants<IElement>())
        {
            if (element.LocalName is "script" or "iframe" or "object" or "embed" or "form" or "base" or "meta" or "link" or "style")
            {
                problems.Add($"<{element.LocalName}> in the reply");
            }
            foreach (var attribute in element.Attributes)
            {
                var name = attribute.Name.ToLowerInvariant();
                if (name.StartsWith("on", StringComparison.Ordinal) || name.StartsWith("hx-", StringComparison.Ordinal)
                    || name.StartsWith("data-hx", StringComparison.Ordinal))
                {
                    problems.Add($"<{element.LocalName} {name}> in the reply");
                }
                if (name is "href" or "src" or "action" or "formaction" or "srcdoc" or "data"
                    && attribute.Value.Trim().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)
                    || name is "href" or "src" && attribute.Value.Trim().StartsWith("data:", StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"<{element.LocalName} {name}=\"{attribute.Value}\"> in the reply");
                }
            }
            if (element.LocalName == "img")
            {
                problems.Add($"a remote image in the reply: {element.GetAttribute("src")}");
            }
        }
        return problems;
    }

    /// <summary>Anywhere on the page: no event handler attribute and no script the app did not write.</summary>
    private static IEnumerable<string> InjectedMarkup(HtmlPage page)
    {
        foreach (var element in page.Document.All)
        {
            foreach (var attribute in element.Attributes)
            {
                if (attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase))
                {
                    yield return $"<{element.LocalName} {attribute.Name}> on the page";
                }
            }
            if (element.LocalName == "script" && (element.TextContent.Contains("alert", StringComparison.Ordinal) || !element.HasAttribute("src")))
            {
                yield return $"an inline script on the page: {element.OuterHtml}";
            }
            if (element.LocalName == "img" && element.GetAttribute("src") is { } src && !src.StartsWith('/'))
            {
                yield return $"a foreign image on the page: {src}";
            }
        }
    }

    private static void AssertNoInjectedMarkup(HtmlPage page)
    {
        var problems = InjectedMarkup(page).ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }
}

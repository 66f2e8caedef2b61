using System.Net;
using System.Text;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;

namespace LlmPages.Tests.Deployment;

/// <summary>
/// Two instances behind nginx, configured as the README's "Production" says (<see cref="ProxiedInstances"/>): a person
/// is the same person on either, a form rendered by one is accepted by the other, and replies stream through nginx as
/// they are written.
/// </summary>
public sealed class ProxiedInstancesTests(ProxiedInstances site) : IClassFixture<ProxiedInstances>
{
    [PostgresFact]
    public async Task APersonSignedInThroughOneInstanceIsSignedInOnTheOther()
    {
        var cookies = new CookieContainer();
        using var browser = site.Browser(cookies);
        var registered = await browser.RegisterAsync(Infrastructure.Accounts.NewEmail("deploy"), "Dee Ploy");
        Assert.Equal(HttpStatusCode.OK, registered.Status);
        // nginx's X-Forwarded-Proto reached the app, which trusts it from loopback: the session cookie is HTTPS-only.
        Assert.True(cookies.GetCookies(site.Proxy.Address)["llmpages.session"]?.Secure);
        var signedInBy = site.Proxy.ServedBy().Last(r => r.Method == "POST" && r.Path == "/account/register").Instance;

        var pages = new List<HtmlPage>();
        for (var i = 0; i < 4; i++)
        {
            pages.Add(await browser.GetAsync("/chat"));
        }

        Assert.All(pages, page =>
        {
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal("/chat", page.Url.AbsolutePath);
            Assert.NotNull(page.Find("form[action='/account/logout']"));
        });
        var servedBy = site.Proxy.ServedBy().TakeLast(4).Select(r => r.Instance).ToList();
        Assert.Contains(servedBy, instance => instance != signedInBy);
        Assert.Equal(2, servedBy.Distinct().Count());
    }

    [PostgresFact]
    public async Task AFormRenderedByOneInstanceIsAcceptedByTheOther()
    {
        using var browser = site.Browser();
        await browser.RegisterAsync(Infrastructure.Accounts.NewEmail("deploy"), "Dee Ploy");

        var crossed = 0;
        for (var i = 0; i < 2; i++)
        {
            var form = await browser.GetAsync("/settings");
            var renderedBy = site.Proxy.ServedBy()[^1].Instance;
            var saved = await browser.SubmitAsync(form, "main form");
            var postedTo = site.Proxy.ServedBy().Last(r => r.Method == "POST" && r.Path == "/settings").Instance;

            Assert.Equal(HttpStatusCode.OK, saved.Status);
            Assert.Null(saved.Find("#error-summary"));
            crossed += postedTo != renderedBy ? 1 : 0;
        }
        Assert.True(crossed > 0, "Every form was posted back to the instance that rendered it: " + string.Join("; ", site.Proxy.ServedBy()));
    }

    [PostgresFact]
    public async Task AnEventStreamPassesThroughNginxWhileTheModelIsStillWriting()
    {
        using var browser = site.Browser();
        await browser.RegisterAsync(Infrastructure.Accounts.NewEmail("deploy"), "Dee Ploy");
        var id = (await browser.StartChatAsync("Hello")).ConversationId();
        var release = HoldAfterFirstToken(["Streaming", " through", " nginx"]);
        try
        {
            using var send = await browser.HtmxSendAsync(id, "Stream, please", acceptEvents: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            using var response = await browser.Http.SendAsync(send, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);

            var text = new StringBuilder();
            await using var events = ChatSteps.EventsAsync(response, timeout.Token).GetAsyncEnumerator(timeout.Token);
            while (!text.ToString().Contains("Streaming", StringComparison.Ordinal))
            {
                Assert.True(await events.MoveNextAsync(), "The stream ended before the first token.");
                text.Append(events.Current.Data);
            }
            Assert.Equal(1, await site.RepliesBeingWrittenAsync()); // the model has not written the rest yet

            release.SetResult();
            string? end = null;
            while (end is null && await events.MoveNextAsync())
            {
                text.Append(events.Current.Data);
                end = events.Current.Name == "reply-done" ? events.Current.Data : null;
            }
            Assert.NotNull(end);
            Assert.Contains(" through", text.ToString(), StringComparison.Ordinal);
            Assert.Contains(" nginx", text.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Release(release);
        }
    }

    [PostgresFact]
    public async Task APageStreamingAReplyWithoutJavaScriptPassesThroughNginxAsItIsWritten()
    {
        using var browser = site.Browser();
        await browser.RegisterAsync(Infrastructure.Accounts.NewEmail("deploy"), "Dee Ploy");
        var page = await browser.GetAsync("/chat");
        var composer = page.Find("#composer")!;
        var release = HoldAfterFirstToken(["Flushed", " page", " by", " page"]);
        try
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, composer.GetAttribute("action"))
            {
                Content = new FormUrlEncodedContent(FormFieldsOf(composer, ("Input.Text", "No script here"))),
            };
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            using var response = await browser.Http.SendAsync(post, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token), Encoding.UTF8);

            var html = new StringBuilder();
            var buffer = new char[4096];
            while (!html.ToString().Contains("Flushed", StringComparison.Ordinal))
            {
                var read = await reader.ReadAsync(buffer, timeout.Token);
                Assert.True(read > 0, "The page ended before the first token: " + html);
                html.Append(buffer, 0, read);
            }
            Assert.Equal(1, await site.RepliesBeingWrittenAsync());

            release.SetResult();
            html.Append(await reader.ReadToEndAsync(timeout.Token));
            Assert.Contains("Flushed page by page", html.ToString(), StringComparison.Ordinal);
            Assert.EndsWith("</html>", html.ToString().TrimEnd(), StringComparison.Ordinal);
        }
        finally
        {
            Release(release);
        }
    }

    /// <summary>
    /// A reply started through one instance and read through the other, each reached directly (not through nginx's
    /// round robin), to its end: the instance that is not writing the reply follows it through the database (its saved
    /// text, woken by the writer's signals).
    /// </summary>
    [PostgresFact]
    public async Task AReplyStartedThroughOneInstanceIsReadThroughTheOtherToItsEnd()
    {
        var cookies = new CookieContainer();
        using var first = ProxiedInstances.Direct(site.First, cookies);
        using var second = ProxiedInstances.Direct(site.Second, cookies);
        await first.RegisterAsync(Infrastructure.Accounts.NewEmail("deploy"), "Dee Ploy");
        var id = (await first.StartChatAsync("Hello")).ConversationId();
        var release = HoldAfterFirstToken(["Written", " on", " one", " read", " on", " the", " other"]);
        try
        {
            var turn = await first.SendWithHtmxAsync(id, "Across instances");
            var replyId = Guid.Parse(turn.FindAll("article[id^='m-']").Last().Id!["m-".Length..]);
            await site.WaitForSavedReplyAsync("Written");

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            using var response = await second.Http.GetAsync($"/chat/{id}/generations/{replyId}/events?after=0", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            await using var events = ChatSteps.EventsAsync(response, timeout.Token).GetAsyncEnumerator(timeout.Token);
            var text = new StringBuilder();
            while (!text.ToString().Contains("Written", StringComparison.Ordinal))
            {
                Assert.True(await events.MoveNextAsync(), "The other instance's stream ended before the first token.");
                Assert.Null(events.Current.Name);
                text.Append(events.Current.Data);
            }
            release.SetResult();
            string? end = null;
            while (end is null && await events.MoveNextAsync())
            {
                if (events.Current.Name == "reply-done")
                {
                    end = events.Current.Data;
                }
                else
                {
                    text.Append(events.Current.Data);
                }
            }
            Assert.Equal("Written on one read on the other", text.ToString());
            Assert.Equal("Complete", end);
        }
        finally
        {
            Release(release);
        }
    }

    /// <summary>The model's next reply: these tokens, held after the first until the test releases it.</summary>
    private TaskCompletionSource HoldAfterFirstToken(List<string> tokens)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        site.Model.Script.Tokens = tokens;
        site.Model.Script.HoldAfterFirstToken = release.Task;
        return release;
    }

    private void Release(TaskCompletionSource release)
    {
        release.TrySetResult();
        site.Model.Script.HoldAfterFirstToken = null;
    }

    private static List<KeyValuePair<string, string>> FormFieldsOf(AngleSharp.Dom.IElement form, params (string Name, string Value)[] values)
    {
        var fields = form.QuerySelectorAll("input[name], select[name], textarea[name]")
            .Where(e => e.GetAttribute("type") is not ("submit" or "checkbox" or "radio"))
            .Select(e => new KeyValuePair<string, string>(e.GetAttribute("name")!, e is AngleSharp.Html.Dom.IHtmlSelectElement select ? select.Value ?? "" : e.GetAttribute("value") ?? e.TextContent))
            .Where(f => values.All(v => v.Name != f.Key))
            .ToList();
        fields.AddRange(values.Select(v => new KeyValuePair<string, string>(v.Name, v.Value)));
        return fields;
    }
}

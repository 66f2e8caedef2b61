using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;

namespace LlmPages.Tests.Security;

/// <summary>
/// Walks every page an admin can reach by following links from the home page (with a chat and a provider with a
/// key in place) and checks each one: the strict Content-Security-Policy, no inline script or style anywhere,
/// and never the provider's API key, which must also stay out of the reply stream and the logs.
/// </summary>
public sealed class PageCrawlTests
{
    private const string Secret = "sk-live-crawl-0123456789abcdefSECRET";

    /// <summary>Links not followed, and why.</summary>
    private static readonly string[] NotCrawled =
    [
        "/admin/jobs", // Hangfire's own dashboard: its pages are its markup, under their own CSP (see SecurityHeaders).
    ];

    [Fact]
    public async Task EveryReachablePageHoldsTheCspAndNeverShowsTheKey()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Providers:0:ApiKey"] = Secret });
        chat.Model.Script.ExpectedApiKey = Secret;
        using var admin = chat.App.CreateHtmlClient();
        await admin.LoginAsync(AppFactory.AdminEmail);
        var first = await admin.StartChatAsync("Crawl me");
        Assert.Contains("Hello, world!", first.Html, StringComparison.Ordinal);
        var conversationId = first.ConversationId();
        var reply = (await chat.App.MessagesAsync(conversationId))[^1];
        using (var events = await admin.Http.GetAsync($"/chat/{conversationId}/generations/{reply.Id}/events"))
        {
            Assert.DoesNotContain(Secret, await events.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(["/"]);
        var problems = new List<string>();
        while (queue.Count > 0 && seen.Count < 150)
        {
            var url = queue.Dequeue();
            if (!seen.Add(url))
            {
                continue;
            }
            var page = await admin.GetAsync(url);
            if (page.Response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }
            problems.AddRange(Check(url, page));
            foreach (var href in page.FindAll("a[href]").Select(a => a.GetAttribute("href")!))
            {
                if (href.StartsWith('/') && !href.StartsWith("//", StringComparison.Ordinal)
                    && !NotCrawled.Any(n => href.StartsWith(n, StringComparison.OrdinalIgnoreCase)))
                {
                    queue.Enqueue(href.Split('#')[0]);
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(seen.Count >= 15, "Crawled only: " + string.Join(", ", seen));
        Assert.Contains($"/chat/{conversationId}", seen);
        Assert.NotEmpty(chat.App.Logs);
        Assert.DoesNotContain(chat.App.Logs, line => line.Contains(Secret, StringComparison.Ordinal));
    }

    private static IEnumerable<string> Check(string url, HtmlPage page)
    {
        var csp = page.Header("Content-Security-Policy") ?? "";
        if (!csp.Contains("script-src 'self'", StringComparison.Ordinal) || !csp.Contains("style-src 'self'", StringComparison.Ordinal)
            || csp.Contains("unsafe-inline", StringComparison.Ordinal))
        {
            yield return $"{url}: weak or missing CSP '{csp}'";
        }
        if (page.FindAll("script:not([src]), style, [style]").Any())
        {
            yield return $"{url}: inline script or style";
        }
        if (page.Document.All.Any(e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase))))
        {
            yield return $"{url}: an inline event handler";
        }
        if (page.Html.Contains(Secret, StringComparison.Ordinal) || page.Html.Contains(Secret[^12..], StringComparison.Ordinal))
        {
            yield return $"{url}: shows the API key";
        }
    }
}

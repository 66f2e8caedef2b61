using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Projects;

namespace LlmPages.Tests.Security;

/// <summary>
/// Walks every page an admin can reach by following links from the home page (with a chat and a provider with a
/// key in place) and checks each one: the strict Content-Security-Policy, no inline script or style anywhere,
/// and never the provider's API key, which must also stay out of the reply stream and the logs.
/// </summary>
public sealed class PageCrawlTests
{
    private const string Secret = "sk-live-crawl-0123456789abcdefSECRET";

    [Fact]
    public async Task EveryReachablePageHoldsTheCspAndNeverShowsTheKey()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Providers:0:ApiKey"] = Secret });
        chat.Model.Script.ExpectedApiKey = Secret;
        using var admin = chat.App.CreateHtmlClient();
        await admin.LoginAsync(AppFactory.AdminEmail);
        var projectId = await admin.NewProjectAsync("Crawled project", new Dictionary<string, string> { ["Input.Description"] = "Reached by links" });
        await Admin.AdminSteps.CreatePromptAsync(admin, "Crawled prompt", "Be brief, {{user_name}}.");
        var promptId = (await Admin.AdminSteps.PromptAsync(chat.App, "Crawled prompt")).Id;
        var first = await admin.StartChatInProjectAsync(projectId, "Crawl me");
        Assert.Contains("Hello, world!", first.Html, StringComparison.Ordinal);
        var conversationId = first.ConversationId();
        var reply = (await chat.App.MessagesAsync(conversationId))[^1];
        using (var events = await admin.Http.GetAsync($"/chat/{conversationId}/generations/{reply.Id}/events"))
        {
            Assert.DoesNotContain(Secret, await events.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var (seen, problems) = await CrawlAsync(admin);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(seen.Count >= 15, "Crawled only: " + string.Join(", ", seen));
        Assert.Contains($"/chat/{conversationId}", seen);
        Assert.Contains($"/projects/{projectId}", seen);
        Assert.Contains($"/projects/{projectId}/edit", seen);
        Assert.Contains($"/projects/{projectId}/delete", seen);
        Assert.Contains($"/chat?projectId={projectId}", seen);
        Assert.Contains(seen, url => url.StartsWith($"/chat/{conversationId}/move", StringComparison.Ordinal));
        Assert.Contains("/export", seen);
        Assert.Contains("/import", seen);
        Assert.Contains($"/admin/prompts/{promptId}/edit", seen);
        Assert.Contains($"/admin/prompts/{promptId}/delete", seen);
        Assert.NotEmpty(chat.App.Logs);
        Assert.DoesNotContain(chat.App.Logs, line => line.Contains(Secret, StringComparison.Ordinal));
    }

    /// <summary>
    /// Hostile text wherever a name is shown: provider, model, person and chat title. Every page (and the reply
    /// stream) must show it as text: no element, attribute or htmx request it asks for.
    /// </summary>
    [Fact]
    public async Task HostileNamesRenderInertOnEveryPage()
    {
        const string Payload = "\"><img src=x onerror=alert(1) hx-get=/evil hx-trigger=load><script>alert(2)</script>{{7*7}}";
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?>
        {
            ["LlmPages:Providers:0:Name"] = "P" + Payload,
            ["LlmPages:Providers:0:Models:0:DisplayName"] = "M" + Payload,
            ["LlmPages:Jobs:RunServer"] = "false",
        });
        using var person = chat.App.CreateHtmlClient();
        await person.RegisterAsync(Infrastructure.Accounts.NewEmail("hostile"), "U" + Payload);
        var projectId = await person.NewProjectAsync("J" + Payload, new Dictionary<string, string>
        {
            ["Input.Description"] = "D" + Payload,
            // Unknown variables such as {{7*7}} are refused in prompts (SystemPromptChatTests): the rest of the payload is kept.
            ["Input.Defaults.SystemPrompt"] = "S" + Payload.Replace("{{7*7}}", "", StringComparison.Ordinal),
        });
        var conversationId = (await person.StartChatInProjectAsync(projectId, "T" + Payload)).ConversationId();
        using var admin = chat.App.CreateHtmlClient();
        await admin.LoginAsync(AppFactory.AdminEmail);
        await admin.StartChatAsync("A" + Payload);
        // A library prompt the person is offered in the chat and settings pickers.
        await Admin.AdminSteps.CreatePromptAsync(admin, "N" + Payload, "C" + Payload.Replace("{{7*7}}", "", StringComparison.Ordinal), "D" + Payload);

        var (seenByPerson, personProblems) = await CrawlAsync(person);
        var (seenByAdmin, adminProblems) = await CrawlAsync(admin);

        // The history searched for the payload's words: the title and the question marked, around escaped text.
        var searched = await person.GetAsync("/history?q=" + Uri.EscapeDataString("img onerror alert"));
        var searchProblems = Check("/history?q=…", searched).ToList();

        Assert.True(personProblems.Count + adminProblems.Count + searchProblems.Count == 0, string.Join("\n", personProblems.Concat(adminProblems).Concat(searchProblems)));
        Assert.Contains("/history", seenByPerson);
        Assert.StartsWith("T\"><img src=x onerror=alert(1)", Assert.Single(searched.FindAll(".history-item__title")).TextContent.Trim(), StringComparison.Ordinal);
        Assert.NotEmpty(searched.FindAll(".history-item__title mark"));
        Assert.Contains($"/chat/{conversationId}", seenByPerson);
        Assert.Contains($"/projects/{projectId}/delete", seenByPerson);
        Assert.Contains(seenByAdmin, url => url.StartsWith("/admin/providers/", StringComparison.Ordinal));
    }

    /// <summary>Follows same-site links from the home page (<see cref="PageCrawler"/>) and checks every HTML page.</summary>
    private static async Task<(HashSet<string> Seen, List<string> Problems)> CrawlAsync(HtmlClient client)
    {
        var pages = await PageCrawler.CrawlAsync(client);
        return ([.. pages.Select(p => p.Url)], [.. pages.SelectMany(p => Check(p.Url, p.Page))]);
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
        if (page.FindAll("img[src=x], [hx-get='/evil'], [hx-trigger=load]").Any())
        {
            yield return $"{url}: an injected element or htmx attribute";
        }
        if (page.Html.Contains(Secret, StringComparison.Ordinal) || page.Html.Contains(Secret[^12..], StringComparison.Ordinal))
        {
            yield return $"{url}: shows the API key";
        }
    }
}

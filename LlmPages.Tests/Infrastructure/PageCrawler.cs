namespace LlmPages.Tests.Infrastructure;

/// <summary>
/// Follows same-site links from the home page, as a person clicking through the app would, and returns every
/// HTML page it reached. Tests then check each page (its headers, its markup); a page added later is checked
/// without anyone remembering to.
/// </summary>
public static class PageCrawler
{
    /// <summary>Links not followed, and why.</summary>
    private static readonly string[] NotCrawled =
    [
        "/admin/jobs", // Hangfire's own dashboard: its pages are its markup, under their own CSP (see SecurityHeaders).
    ];

    /// <summary>Every HTML page reachable from the home page (up to <paramref name="max"/> addresses), by address.</summary>
    public static async Task<List<(string Url, HtmlPage Page)>> CrawlAsync(HtmlClient client, int max = 150)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(["/"]);
        var pages = new List<(string, HtmlPage)>();
        while (queue.Count > 0 && seen.Count < max)
        {
            var url = queue.Dequeue();
            if (!seen.Add(url))
            {
                continue;
            }
            var page = await client.GetAsync(url);
            if (page.Response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }
            pages.Add((url, page));
            foreach (var href in page.FindAll("a[href]").Select(a => a.GetAttribute("href")!))
            {
                if (href.StartsWith('/') && !href.StartsWith("//", StringComparison.Ordinal)
                    && !NotCrawled.Any(n => href.StartsWith(n, StringComparison.OrdinalIgnoreCase)))
                {
                    queue.Enqueue(href.Split('#')[0]);
                }
            }
        }
        return pages;
    }
}

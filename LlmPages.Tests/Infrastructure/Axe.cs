using System.Text.Json;
using System.Text.Json.Serialization;
using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace LlmPages.Tests.Infrastructure;

/// <summary>
/// Runs axe-core (the copy in Deque.AxeCore.Commons) in the page itself, with <c>axe.run</c> on the document.
/// Deque.AxeCore.Playwright's RunAxe, used before, runs each frame apart and finishes in a new blank page: about 0.8 s
/// a call whatever the page, most of each accessibility test. Our pages have no frames, so one plain run checks the same.
/// </summary>
public static class Axe
{
    /// <summary>WCAG 2.2 A and AA, and Deque's best practices.</summary>
    public static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

    private static readonly Lazy<string> Source = new(() =>
    {
        using var stream = typeof(AxeResult).Assembly.GetManifestResourceStream("Deque.AxeCore.Commons.Resources.axe.min.js")
            ?? throw new InvalidOperationException("axe.min.js is not in Deque.AxeCore.Commons any more.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The rules of <see cref="Tags"/> on the page as it is now.</summary>
    public static async Task<AxeReport> AxeAsync(this IPage page)
    {
        // A fresh copy each run: axe keeps what it read of the page between runs, and a run after a switch to the dark
        // scheme judged text by the light scheme's colours. Evaluated through the DevTools protocol, which the page's
        // Content-Security-Policy does not govern.
        await page.EvaluateAsync(Source.Value);
        var json = await page.EvaluateAsync<string>(
            """
            tags => axe.run(document, { runOnly: { type: "tag", values: tags } }).then(r => JSON.stringify({
                violations: r.violations.map(v => ({ id: v.id, help: v.help, nodes: v.nodes.map(n => ({ html: n.html })) })),
            }))
            """,
            Tags);
        return JsonSerializer.Deserialize<AxeReport>(json)!;
    }
}

public sealed record AxeReport([property: JsonPropertyName("violations")] AxeViolation[] Violations);

public sealed record AxeViolation(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("help")] string Help,
    [property: JsonPropertyName("nodes")] AxeNode[] Nodes);

public sealed record AxeNode([property: JsonPropertyName("html")] string Html);

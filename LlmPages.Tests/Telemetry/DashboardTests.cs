using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LlmPages.Data.Entities;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;

namespace LlmPages.Tests.Telemetry;

/// <summary>
/// The Grafana dashboard in the repository (<c>deploy/grafana/llmpages.json</c>) asks only for metrics the app serves:
/// every metric its queries name is in what <c>/metrics</c> serves after a streamed reply, a sign-in and a job.
/// </summary>
public sealed partial class DashboardTests
{
    [Fact]
    public async Task EveryMetricTheDashboardQueriesIsServed()
    {
        var queries = DashboardQueries();
        Assert.NotEmpty(queries);
        var model = MetricsScrape.NewModelName();
        await using var chat = await ChatApp.StartAsync(MetricsScrape.Settings(model));
        using var user = await chat.NewUserAsync();
        // Spread over more than 50 ms, so the reply has a writing speed.
        chat.Model.Script.TokenDelay = TimeSpan.FromMilliseconds(40);
        var page = await user.StartChatAsync("Say hello");
        Assert.Equal(MessageStatus.Complete, (await chat.App.MessagesAsync(page.ConversationId()))[1].Status);
        using (var browser = chat.App.CreateHtmlClient())
        {
            await browser.LoginAsync(AppFactory.AdminEmail);
        }

        // The new chat's title is written by a background job: wait until it has been counted.
        var scrape = await MetricsScrape.ReadAsync(chat);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (scrape.Value("llmpages_jobs_finished_total", ("job", "ConversationTitleJob")) == 0)
        {
            await Task.Delay(50, timeout.Token);
            scrape = await MetricsScrape.ReadAsync(chat);
        }

        var served = scrape.Names();
        var named = queries.SelectMany(MetricNames).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("llmpages_replies_started_total", named);
        Assert.All(named, name => Assert.True(served.Contains(name), $"The dashboard queries {name}, which /metrics does not serve."));
        Assert.True(scrape.Value("llmpages_reply_tokens_per_second_count", ("model", model)) >= 1);
    }

    /// <summary>Every query (a target's <c>expr</c>) of every panel.</summary>
    private static List<string> DashboardQueries()
    {
        var path = Path.Combine(RepositoryRoot(), "deploy", "grafana", "llmpages.json");
        var dashboard = JsonNode.Parse(File.ReadAllText(path))!;
        return [.. dashboard["panels"]!.AsArray()
            .SelectMany(panel => panel!["targets"]?.AsArray() ?? [])
            .Select(target => target!["expr"]!.GetValue<string>())];
    }

    /// <summary>
    /// The metric names in a PromQL query: what is left once strings, label matchers, ranges, grouping clauses,
    /// function calls, keywords and numbers are taken out.
    /// </summary>
    internal static IEnumerable<string> MetricNames(string query)
    {
        var bare = Ranges().Replace(LabelMatchers().Replace(Strings().Replace(query, ""), ""), "");
        bare = Grouping().Replace(bare, "");
        return Identifiers().Matches(bare).Select(m => m.Value)
            .Where(name => !Keywords.Contains(name));
    }

    private static readonly HashSet<string> Keywords = ["and", "or", "unless", "bool", "offset"];

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "LlmPages.sln")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new InvalidOperationException("No LlmPages.sln above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    /// <summary>A name not followed by "(" (a function) and not part of a number.</summary>
    [GeneratedRegex(@"(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*\b(?!\s*\()")]
    private static partial Regex Identifiers();
}

using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using LlmPages.Tests.Chat;

namespace LlmPages.Tests.Telemetry;

/// <summary>
/// What the app's Prometheus endpoint served, read as Prometheus reads it: one sample a line, a name, labels and a
/// value. Each app serves its own meters' figures only (the app's view drops other apps' in the same process), but
/// Microsoft.Extensions.AI's and the runtime's meters are the process's: tests pick samples by their model's own label.
/// </summary>
public sealed partial class MetricsScrape(string text)
{
    public const string Token = "a-scrape-token-for-the-tests-0123456789";

    public string Text { get; } = text;

    /// <summary>The app's settings for telemetry on with <see cref="Token"/>, and a model named <paramref name="model"/>.</summary>
    public static Dictionary<string, string?> Settings(string model) => new()
    {
        ["LlmPages:Telemetry:MetricsToken"] = Token,
        ["LlmPages:Providers:0:Models:0:DisplayName"] = model,
    };

    /// <summary>A model name no other test uses.</summary>
    public static string NewModelName() => $"Metered {Guid.NewGuid():N}";

    public static async Task<MetricsScrape> ReadAsync(ChatApp chat)
    {
        using var http = chat.App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return new MetricsScrape(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Every sample: its metric's name, labels and value (comments skipped).</summary>
    public IEnumerable<(string Name, IReadOnlyDictionary<string, string> Labels, double Value)> Samples()
    {
        foreach (var line in Text.Split('\n'))
        {
            var match = SampleLine().Match(line);
            if (!match.Success)
            {
                continue;
            }
            var labels = LabelPair().Matches(match.Groups["labels"].Value)
                .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value);
            var value = match.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                var v => double.Parse(v, CultureInfo.InvariantCulture),
            };
            yield return (match.Groups["name"].Value, labels, value);
        }
    }

    /// <summary>The names of every metric served (as a dashboard's query names them).</summary>
    public IReadOnlySet<string> Names() => Samples().Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels include all of <paramref name="labels"/>; 0 when none.</summary>
    public double Value(string name, params (string Name, string Value)[] labels) =>
        Samples().Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value)).Sum(s => s.Value);

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<name>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(?:[^"\\]|\\.)*)" """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex LabelPair();
}

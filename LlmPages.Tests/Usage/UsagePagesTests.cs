using System.Net;
using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;

namespace LlmPages.Tests.Usage;

/// <summary>
/// The usage page: per day, per model and per person over a chosen range, each table downloadable as a CSV holding the
/// same cells; range errors beside their field; empty states; admins only.
/// </summary>
public sealed class UsagePagesTests
{
    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static List<List<string>> Table(HtmlPage page, string id) =>
    [
        page.FindAll($"#{id} thead th").Select(c => c.TextContent.Trim()).ToList(),
        .. page.FindAll($"#{id} tbody tr").Select(r => r.Children.Select(c => c.TextContent.Trim()).ToList()),
    ];

    /// <summary>RFC 4180: quoted fields, doubled quotes, CRLF between records.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { field.Append(c); }
            }
            else if (c == '"') { quoted = true; }
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString()); field.Clear(); rows.Add(row); row = []; i++;
            }
            else { field.Append(c); }
        }
        Assert.Empty(field.ToString());
        Assert.Empty(row);
        return rows;
    }

    [Fact]
    public async Task EachCsvDownloadHoldsExactlyWhatItsTableShows()
    {
        await using var usage = await UsageApp.StartAsync();
        var today = UsageApp.Today;
        await usage.AddAsync(
            UsageApp.Log(usage.AdaId, usage.ModelA, UsageApp.At(today.AddDays(-2), 9), 1500, 2500, cost: 0.125m),
            UsageApp.Log(usage.BoId, usage.ModelB, UsageApp.At(today.AddDays(-2), 10), 5, 6, MessageStatus.Failed),
            UsageApp.Log(null, null, UsageApp.At(today.AddDays(-1), 10), 7, 8),
            UsageApp.Log(usage.AdaId, usage.ModelB, UsageApp.At(today, 1), 1_000_000, 12, cost: 3m));
        await usage.RollUpAsync();
        var range = $"from={Day(today.AddDays(-3))}&to={Day(today)}";

        var page = await usage.Admin.GetAsync($"/admin/usage?{range}");

        Assert.Equal(4, Table(page, "days").Count - 1);
        Assert.Contains(["=Bo, \"the\" tester", "bo@example.test", "1", "5", "6", "11", "1", "100.0", "\u2014"], Table(page, "people"));
        Assert.Contains([usage.ModelBName, "2", "1,000,005", "18", "1,000,023", "1", "50.0", "3.00"], Table(page, "models"));
        foreach (var table in new[] { "days", "models", "people" })
        {
            var link = page.FindAll("a[download]").Select(a => a.GetAttribute("href")!).Single(h => h.Contains($"table={table}", StringComparison.Ordinal));
            var response = await usage.Admin.Http.GetAsync(link);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            var csv = ParseCsv(await response.Content.ReadAsStringAsync());
            var html = Table(page, table);
            Assert.Equal(html.Count, csv.Count);
            for (var r = 0; r < html.Count; r++)
            {
                // The same cells; counts without their thousands separators, costs with every digit (the page rounds
                // them to cents), and a name a spreadsheet would run as a formula behind an apostrophe.
                var cells = csv[r].Select(c => c.StartsWith("'=", StringComparison.Ordinal) ? c[1..] : c).ToList();
                Assert.Equal(html[r].Count, cells.Count);
                for (var c = 0; c < cells.Count; c++)
                {
                    Assert.Equal(Unformatted(html[r][c]), RoundedAs(cells[c], html[r][c]));
                }
            }
        }
        var people = ParseCsv(await (await usage.Admin.Http.GetAsync($"/admin/usage?handler=csv&table=people&{range}")).Content.ReadAsStringAsync());
        Assert.Contains(people, r => r[0] == "'=Bo, \"the\" tester");

        // A cost of the CSV rounded to the decimals the page shows ("0.125" as "0.13"); any other cell as it is.
        static string RoundedAs(string csvCell, string shown) =>
            System.Text.RegularExpressions.Regex.IsMatch(shown, @"^[\d,]+\.\d\d$") && decimal.TryParse(csvCell, System.Globalization.CultureInfo.InvariantCulture, out var cost)
                ? Math.Round(cost, 2, MidpointRounding.AwayFromZero).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)
                : csvCell;

        static string Unformatted(string cell) => System.Text.RegularExpressions.Regex.IsMatch(cell, @"^\d{1,3}(,\d{3})+(\.\d+)?$") ? cell.Replace(",", "", StringComparison.Ordinal) : cell;
    }

    [Fact]
    public async Task APageWithoutUsageSaysSoAndTheOverviewShowsNoErrors()
    {
        await using var usage = await UsageApp.StartAsync();

        var page = await usage.Admin.GetAsync("/admin/usage");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("No usage in these days", page.Text(".empty-state h2"));
        Assert.Null(page.Find("svg"));
        Assert.Equal(Day(UsageApp.Today), page.Find("#usage-to")!.GetAttribute("value"));
        Assert.Equal(Day(UsageApp.Today.AddDays(-29)), page.Find("#usage-from")!.GetAttribute("value"));

        var performance = await usage.Admin.GetAsync("/admin/performance");
        Assert.Equal("No requests in these days", performance.Text(".empty-state h2"));

        var overview = await usage.Admin.GetAsync("/admin");
        Assert.Equal("No errors recorded.", overview.Text("#no-errors"));
        Assert.Contains("No model has been used in the last 30 days.", overview.Text("main"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("from=2026-05-10&to=2026-05-01", "to", "The last day is before the first day. Choose a last day on or after the first.")]
    [InlineData("from=2026-13-01&to=2026-05-01", "from", "Enter the day as year-month-day, for example 2026-03-31.")]
    [InlineData("from=yesterday", "from", "Enter the day as year-month-day, for example 2026-03-31.")]
    [InlineData("from=2024-01-01&to=2026-01-01", "to", "Choose at most 366 days: the range from 2024-01-01 to 2026-01-01 is 732 days.")]
    public async Task ARangeInErrorIsExplainedBesideItsFieldAndKeepsWhatWasTyped(string query, string field, string message)
    {
        await using var usage = await UsageApp.StartAsync();

        foreach (var path in new[] { "/admin/usage", "/admin/performance" })
        {
            var page = await usage.Admin.GetAsync($"{path}?{query}");

            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal($"Error: {message}", page.Text($"#usage-{field}-error"));
            Assert.Equal("true", page.Find($"#usage-{field}")!.GetAttribute("aria-invalid"));
            Assert.Contains($"usage-{field}-error", page.Find($"#usage-{field}")!.GetAttribute("aria-describedby"), StringComparison.Ordinal);
            Assert.Contains(message, page.Text("[role=alert]"), StringComparison.Ordinal);
            var typed = System.Web.HttpUtility.ParseQueryString(query)[field];
            Assert.Equal(typed, page.Find($"#usage-{field}")!.GetAttribute("value"));
        }
    }

    [Fact]
    public async Task AUserGets403OnTheUsagePagesAndTheirDownloads()
    {
        await using var usage = await UsageApp.StartAsync();

        foreach (var url in new[] { "/admin", "/admin/usage", "/admin/performance", "/admin/usage?handler=csv&table=people" })
        {
            var response = await usage.User.Http.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{url} answered {response.StatusCode}");
        }
    }
}

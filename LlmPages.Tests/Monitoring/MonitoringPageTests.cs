using System.Globalization;
using System.Net;
using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace LlmPages.Tests.Monitoring;

/// <summary>/admin/monitoring: what was logged, filtered from the query string, shown inert whatever the text.</summary>
public sealed class MonitoringPageTests : IClassFixture<MonitoringPageTests.ParisApp>
{
    private readonly ParisApp app;

    public MonitoringPageTests(ParisApp app) => this.app = app;

    /// <summary>An app whose time zone is not UTC, so that the page's times are seen to be converted.</summary>
    public sealed class ParisApp : AppFactory
    {
        public ParisApp() => Settings["LlmPages:TimeZone"] = "Europe/Paris";
    }

    [Fact]
    public async Task ALoggedWarningIsListedWithItsTimeInTheAppsTimeZoneWhichThePageNames()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var marker = Guid.NewGuid().ToString("N");
        app.Logger().LogWarning("Disk nearly full {Marker}", marker);
        var row = Assert.Single(await app.WaitForRowsAsync(marker));

        var page = await admin.GetAsync($"/admin/monitoring?q={marker}");

        Assert.Contains("Europe/Paris", page.Text(".lead"));
        var listed = Assert.Single(page.FindAll("tbody tr"));
        Assert.Contains($"Disk nearly full {marker}", listed.TextContent);
        Assert.Contains(MonitoringSteps.Category, listed.TextContent);
        var paris = TimeZoneInfo.ConvertTimeFromUtc(row.CreatedAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
        Assert.Equal(paris.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), listed.QuerySelector("time")!.TextContent);
        Assert.NotNull(page.Find("nav.subnav a[href='/admin/monitoring'][aria-current=page]"));
    }

    [Fact]
    public async Task HostileTextIsShownAsTextNeverAsMarkupOrLinks()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var marker = Guid.NewGuid().ToString("N");
        var cases = HostileMarkdownCorpus.All.Concat(HostileMarkdownCorpus.Html).Select(c => c.Markdown).ToList();
        foreach (var text in cases)
        {
            app.Logger().LogError(new InvalidOperationException(text), "{Marker} {Text}", marker, text);
        }
        await app.WaitForRowsAsync(marker, cases.Count);

        var shown = new List<string>();
        for (var number = 1; number <= (cases.Count + 49) / 50; number++)
        {
            var page = await admin.GetAsync($"/admin/monitoring?q={marker}&page={number}");
            var body = page.Find("tbody")!;
            Assert.Empty(body.QuerySelectorAll("a, script, style, iframe, img, svg, math, object, embed, form, button, input, link, meta, base, noscript, template"));
            Assert.DoesNotContain(body.QuerySelectorAll("*").SelectMany(e => e.Attributes), a => a.Name.StartsWith("on", StringComparison.Ordinal)
                || a.Name.StartsWith("hx-", StringComparison.Ordinal) || a.Name == "style" || a.Name == "href" || a.Name == "src");
            shown.AddRange(body.QuerySelectorAll("td > p.log-text").Select(p => p.TextContent));
        }
        // Readable as written (control characters aside: the database and the HTML parser replace some of them).
        Assert.Equal(cases.Count, shown.Count);
        foreach (var text in cases.Where(t => t.Length + marker.Length < 300 && !t.Any(c => char.IsControl(c) && c != '\n')))
        {
            Assert.Contains($"{marker} {text}", shown);
        }
    }

    [Fact]
    public async Task ALongMessageIsCutWithTheWholeOfItAndTheExceptionOneClickAway()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var marker = Guid.NewGuid().ToString("N");
        var longText = marker + " " + string.Concat(Enumerable.Repeat("word ", 600));
        app.Logger().LogError(new InvalidOperationException("the cause"), "{Text}", longText);
        await app.WaitForRowsAsync(marker);

        var page = await admin.GetAsync($"/admin/monitoring?q={marker}");

        var cell = page.Find("tbody tr td:nth-child(4)")!;
        Assert.EndsWith("…", cell.QuerySelector("p.log-text")!.TextContent);
        Assert.True(cell.QuerySelector("p.log-text")!.TextContent.Length < 400);
        var more = cell.QuerySelectorAll("details pre").Select(p => p.TextContent).ToList();
        Assert.Contains(longText, more);
        Assert.Contains(more, m => m.Contains("System.InvalidOperationException: the cause", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LevelCategoryWordsAndDaysNarrowTheListAndEveryViewIsALink()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var marker = Guid.NewGuid().ToString("N");
        app.Logger("Tests.Alpha").LogError("Alpha {Marker}", marker);
        app.Logger("Tests.Beta").LogWarning("Beta {Marker}", marker);
        await app.WaitForRowsAsync(marker, 2);
        // Days are the app's (Paris): between 23:00 and midnight UTC, Paris is a day ahead.
        var inParis = TimeZoneInfo.ConvertTimeBySystemTimeZoneId(DateTime.UtcNow, "Europe/Paris");
        var today = inParis.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var longAgo = inParis.AddDays(-10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        async Task<List<string>> Listed(string query) =>
            (await admin.GetAsync($"/admin/monitoring?q={marker}&{query}")).FindAll("tbody td:nth-child(4) p.log-text").Select(p => p.TextContent.Split(' ')[0]).ToList();

        Assert.Equal(["Beta", "Alpha"], await Listed(""));
        Assert.Equal(["Alpha"], await Listed("level=Error"));
        Assert.Equal(["Beta", "Alpha"], await Listed("level=Warning"));
        Assert.Equal(["Beta"], await Listed("category=tests.BETA"));
        Assert.Equal(["Beta", "Alpha"], await Listed($"from={longAgo}&to={today}"));
        Assert.Empty(await Listed($"to={longAgo}"));

        // The form is a GET: submitting it gives the same link.
        var form = await admin.GetAsync("/admin/monitoring");
        var filtered = await admin.SubmitAsync(form, "form.admin-filters", new Dictionary<string, string> { ["level"] = "Error", ["q"] = marker });
        Assert.Equal(["Alpha"], filtered.FindAll("tbody td:nth-child(4) p.log-text").Select(p => p.TextContent.Split(' ')[0]));
        Assert.Contains("level=Error", filtered.Url.Query);
        Assert.Equal("Error", filtered.Find("select[name=level] option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task AFilterThatCannotBeReadIsExplainedNextToItsFieldAndKept()
    {
        var (admin, _) = await app.AdminAndUserAsync();

        var page = await admin.GetAsync("/admin/monitoring?from=31/12/2026&level=Loud&to=2026-01-01");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Enter the day as year-month-day", page.Text("#history-from-error"));
        Assert.Contains("Choose a level from the list.", page.Text("#history-level-error"));
        Assert.Equal("31/12/2026", page.Find("#history-from")!.GetAttribute("value"));
        Assert.NotNull(page.Find("[role=alert]"));
        Assert.Empty(page.FindAll("tbody tr"));
    }

    [Fact]
    public async Task FiftyRowsMakeOnePageAndTheFiftyFirstASecondWithTheFiltersKept()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var marker = Guid.NewGuid().ToString("N");
        var start = DateTime.UtcNow.AddMinutes(-5);
        await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < 51; i++)
            {
                db.MonitoringLogs.Add(new MonitoringLog { CreatedAt = start.AddSeconds(i), Level = "Warning", Category = "Tests.Paging", Message = $"{marker} {i:00}" });
            }
            return await db.SaveChangesAsync();
        });

        var first = await admin.GetAsync($"/admin/monitoring?q={marker}");
        var second = await admin.GetAsync($"/admin/monitoring?q={marker}&page=2");
        var beyond = await admin.GetAsync($"/admin/monitoring?q={marker}&page=99");

        Assert.Equal(50, first.FindAll("tbody tr").Count());
        Assert.Equal($"{marker} 50", first.Find("tbody tr p.log-text")!.TextContent);
        Assert.Equal($"/admin/monitoring?q={marker}&page=2", first.Find("nav.pagination a[rel=next]")!.GetAttribute("href"));
        Assert.Equal([$"{marker} 00"], second.FindAll("tbody tr p.log-text").Select(p => p.TextContent));
        Assert.Equal([$"{marker} 00"], beyond.FindAll("tbody tr p.log-text").Select(p => p.TextContent));
    }

    [Fact]
    public async Task AUserGets403OnTheLogPages()
    {
        var (_, user) = await app.AdminAndUserAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/admin/monitoring")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/admin/audit")).Status);
    }
}

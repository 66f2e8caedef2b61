using System.Globalization;
using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;

namespace LlmPages.Tests.Audit;

/// <summary>/admin/audit: who did what, filtered from the query string, shown inert.</summary>
public sealed class AuditPageTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static List<string> Actions(HtmlPage page) => page.FindAll("tbody td:nth-child(3) code").Select(c => c.TextContent).ToList();

    [Fact]
    public async Task AnAdminsChangeIsListedWithTheAdminsAddressAndWhatChanged()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var name = AdminSteps.Unique("Listed");
        await admin.CreateAiTypeAsync(name);
        var type = await app.AiTypeAsync(name);

        var page = await admin.GetAsync($"/admin/audit?target={type.Id}&action=ai-type.");

        var row = Assert.Single(page.FindAll("tbody tr"));
        Assert.Contains(AppFactory.AdminEmail, row.TextContent);
        Assert.Equal("ai-type.create", row.QuerySelector("code")!.TextContent);
        Assert.Contains($"AiType {type.Id}", row.TextContent);
        Assert.Contains(name, row.TextContent);
        Assert.Contains("UTC", page.Text(".lead"));
        Assert.NotNull(page.Find("nav.subnav a[href='/admin/audit'][aria-current=page]"));
    }

    [Fact]
    public async Task WhoActionTargetAndDaysNarrowTheList()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var marker = Guid.NewGuid().ToString("N")[..12];
        var adminId = await app.AdminIdAsync();
        await app.WithDbAsync(async db =>
        {
            db.AuditEvents.Add(new AuditEvent { ActorId = adminId, Action = "provider.update", TargetType = "AiProvider", TargetId = marker, CreatedAt = DateTime.UtcNow.AddDays(-3) });
            db.AuditEvents.Add(new AuditEvent { ActorId = "someone-else", Action = "model.delete", TargetType = "AiModel", TargetId = marker });
            return await db.SaveChangesAsync();
        });
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        Assert.Equal(["model.delete", "provider.update"], Actions(await admin.GetAsync($"/admin/audit?target={marker}")));
        Assert.Equal(["provider.update"], Actions(await admin.GetAsync($"/admin/audit?target={marker}&actor=ADMIN@example")));
        Assert.Equal(["model.delete"], Actions(await admin.GetAsync($"/admin/audit?target={marker}&actor=someone-else")));
        Assert.Equal(["provider.update"], Actions(await admin.GetAsync($"/admin/audit?target={marker}&action=provider.")));
        Assert.Equal(["model.delete"], Actions(await admin.GetAsync($"/admin/audit?target={marker}&from={today}")));
        var none = await admin.GetAsync($"/admin/audit?target={marker}&action=user.");
        Assert.Empty(Actions(none));
        Assert.Equal("No entries match", none.Text(".empty-state h2"));
    }

    [Fact]
    public async Task HostileDetailsAreShownAsText()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var marker = Guid.NewGuid().ToString("N")[..12];
        var cases = HostileMarkdownCorpus.Html.Select(c => c.Markdown).Take(40).ToList();
        await app.WithDbAsync(async db =>
        {
            foreach (var text in cases)
            {
                db.AuditEvents.Add(new AuditEvent { Action = "sign-in.failed", TargetType = "AppUser", TargetId = marker, Details = text });
            }
            return await db.SaveChangesAsync();
        });

        var page = await admin.GetAsync($"/admin/audit?target={marker}");

        var body = page.Find("tbody")!;
        Assert.Empty(body.QuerySelectorAll("a, script, style, iframe, img, svg, math, object, embed, form, button, input, link, meta, base, noscript, template"));
        var shown = body.QuerySelectorAll("p.log-text").Select(p => p.TextContent).ToList();
        foreach (var text in cases.Where(t => t.Length < 300 && !t.Any(c => char.IsControl(c) && c != '\n')))
        {
            Assert.Contains(text, shown);
        }
    }

    [Fact]
    public async Task FiftyRowsMakeOnePageAndTheFiftyFirstASecond()
    {
        var (admin, _) = await app.AdminAndUserAsync();
        var marker = Guid.NewGuid().ToString("N")[..12];
        var start = DateTime.UtcNow.AddMinutes(-5);
        await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < 51; i++)
            {
                db.AuditEvents.Add(new AuditEvent { CreatedAt = start.AddSeconds(i), Action = "job.requeue", TargetType = "Job", TargetId = marker, Details = $"{i:00}" });
            }
            return await db.SaveChangesAsync();
        });

        var first = await admin.GetAsync($"/admin/audit?target={marker}");
        var second = await admin.GetAsync($"/admin/audit?target={marker}&page=2");

        Assert.Equal(50, first.FindAll("tbody tr").Count());
        Assert.Equal("50", first.Find("tbody tr p.log-text")!.TextContent);
        Assert.Equal($"/admin/audit?target={marker}&page=2", first.Find("nav.pagination a[rel=next]")!.GetAttribute("href"));
        Assert.Equal(["00"], second.FindAll("tbody tr p.log-text").Select(p => p.TextContent));
    }
}

using LlmPages.Tests.Infrastructure;

namespace LlmPages.Tests.Web;

/// <summary>
/// The header reaches every section a person may use (Admin only for admins), each link leads to a page, the
/// section being looked at is marked with aria-current, and logging out is a button there.
/// </summary>
public sealed class NavigationTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task ThePersonsHeaderLinksEverySectionAndMarksTheCurrentOne()
    {
        var (admin, user) = await app.AdminAndUserAsync();
        using var _ = admin;
        using var __ = user;

        var page = await user.GetAsync("/profile/password");
        var links = page.FindAll("nav.site-nav a").Select(a => a.GetAttribute("href")!).ToList();
        var adminLinks = (await admin.GetAsync("/settings")).FindAll("nav.site-nav a").ToList();

        Assert.Equal(["/chat", "/projects", "/history", "/export", "/settings", "/profile"], links);
        Assert.DoesNotContain("/admin", links);
        Assert.Equal(["/profile"], page.FindAll("nav.site-nav a[aria-current=page]").Select(a => a.GetAttribute("href")));
        Assert.NotNull(page.Find("header form[action='/account/logout'] button"));
        Assert.Contains(adminLinks, a => a.GetAttribute("href") == "/admin");
        Assert.Equal(["/settings"], adminLinks.Where(a => a.GetAttribute("aria-current") == "page").Select(a => a.GetAttribute("href")));
        // Import lives beside export: the same section.
        Assert.Equal(["/export"], (await user.GetAsync("/import")).FindAll("nav.site-nav a[aria-current=page]").Select(a => a.GetAttribute("href")));
        foreach (var link in links)
        {
            var target = await user.GetAsync(link);
            Assert.True(target.Status == System.Net.HttpStatusCode.OK, $"{link} answered {(int)target.Status}");
        }
    }

    [Fact]
    public async Task SomeoneSignedOutSeesNoSectionLinks()
    {
        using var anonymous = app.CreateHtmlClient();

        var page = await anonymous.GetAsync("/account/login");

        Assert.Null(page.Find("nav.site-nav"));
    }
}

using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using LlmPages.Web;

namespace LlmPages.Tests.Projects;

/// <summary>
/// The project page lists its chats newest first, a page at a time (<c>ConversationsPerPage</c>), and the projects page
/// 25 projects at a time; at the edges of a page and out of range the nearest real page is shown.
/// </summary>
public sealed class ProjectPagingTests
{
    private static readonly Dictionary<string, string?> FivePerPage = new()
    {
        ["LlmPages:Chat:ConversationsPerPage"] = "5",
        ["LlmPages:Jobs:RunServer"] = "false",
    };

    [Fact]
    public async Task AFullPageOfChatsHasNoPageLinks()
    {
        await using var chat = await ChatApp.StartAsync(FivePerPage);
        using var user = await chat.NewUserAsync();
        var projectId = await user.NewProjectAsync("Exactly one page");
        await chat.App.SeedChatsAsync(projectId, 5);

        var page = await user.GetAsync($"/projects/{projectId}");

        Assert.Equal(["Seeded 1", "Seeded 2", "Seeded 3", "Seeded 4", "Seeded 5"], page.ChatTitles());
        Assert.Null(page.Find("main .pagination"));
        Assert.Contains("5 chats", page.Text("main caption"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneChatMoreStartsASecondPage()
    {
        await using var chat = await ChatApp.StartAsync(FivePerPage);
        using var user = await chat.NewUserAsync();
        var projectId = await user.NewProjectAsync("Two pages");
        await chat.App.SeedChatsAsync(projectId, 6);

        var first = await user.GetAsync($"/projects/{projectId}");
        var second = await user.GetAsync($"/projects/{projectId}?page=2");

        Assert.Equal(["Seeded 1", "Seeded 2", "Seeded 3", "Seeded 4", "Seeded 5"], first.ChatTitles());
        Assert.Equal(["Seeded 6"], second.ChatTitles());
        Assert.Equal($"/projects/{projectId}?page=2", first.Find("main .pagination a[rel=next]")!.GetAttribute("href"));
        Assert.Null(first.Find("main .pagination a[rel=prev]"));
        Assert.Equal($"/projects/{projectId}?page=1", second.Find("main .pagination a[rel=prev]")!.GetAttribute("href"));
        Assert.Null(second.Find("main .pagination a[rel=next]"));
        Assert.Equal("page", second.Find("main .pagination a[href$='page=2']")!.GetAttribute("aria-current"));
    }

    [Theory]
    [InlineData("0", "Seeded 1")]
    [InlineData("-3", "Seeded 1")]
    [InlineData("lots", "Seeded 1")]
    [InlineData("99", "Seeded 6")]
    public async Task APageOutOfRangeShowsTheNearestRealPage(string requested, string firstTitle)
    {
        await using var chat = await ChatApp.StartAsync(FivePerPage);
        using var user = await chat.NewUserAsync();
        var projectId = await user.NewProjectAsync("Edges");
        await chat.App.SeedChatsAsync(projectId, 6);

        var page = await user.GetAsync($"/projects/{projectId}?page={requested}");

        Assert.Equal(System.Net.HttpStatusCode.OK, page.Status);
        Assert.Equal(firstTitle, page.ChatTitles()[0]);
    }

    [Fact]
    public async Task TheProjectsPageShows25ProjectsAPage()
    {
        await using var chat = await ChatApp.StartAsync(FivePerPage);
        using var user = await chat.NewUserAsync();
        var first = await user.NewProjectAsync("Project 0");
        var ownerId = (await chat.App.ProjectAsync(first))!.OwnerId;
        await chat.App.WithDbAsync(db =>
        {
            var now = DateTime.UtcNow;
            for (var i = 1; i <= Paging.DefaultPageSize; i++)
            {
                db.Projects.Add(new LlmPages.Data.Entities.Project { OwnerId = ownerId, Name = $"Project {i}", CreatedAt = now, UpdatedAt = now.AddMinutes(-i) });
            }
            return db.SaveChangesAsync();
        });

        var one = await user.GetAsync("/projects");
        var two = await user.GetAsync("/projects?page=2");

        Assert.Equal(Paging.DefaultPageSize, one.FindAll(".card").Count());
        Assert.Equal("Project 0", one.Text(".card__title"));
        Assert.Equal(["Project 25"], two.FindAll(".card__title a").Select(a => a.TextContent.Trim()));
        Assert.Equal("/projects?page=2", one.Find("main .pagination a[rel=next]")!.GetAttribute("href"));
    }
}

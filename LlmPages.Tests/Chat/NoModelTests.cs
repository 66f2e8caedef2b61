using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Chat;

/// <summary>Before any model is configured the chat page explains what to do instead of showing a composer that cannot work.</summary>
public sealed class NoModelTests
{
    [Fact]
    public async Task AnAdminIsSentToAddAProviderAndAUserToAskTheirAdministrator()
    {
        // No provider at all: the app as first installed.
        await using var app = new AppFactory();
        var (admin, user) = await app.AdminAndUserAsync();
        using (admin)
        using (user)
        {
            var adminPage = await admin.GetAsync("/chat");
            var userPage = await user.GetAsync("/chat");

            Assert.Equal(System.Net.HttpStatusCode.OK, adminPage.Status);
            Assert.Equal("No model to chat with yet", adminPage.Text(".empty-state h2"));
            Assert.NotNull(adminPage.Find(".empty-state a[href='/admin/providers/new']"));
            Assert.Null(adminPage.Find("#composer"));

            Assert.Equal(System.Net.HttpStatusCode.OK, userPage.Status);
            Assert.Contains("Please ask yours", userPage.Text(".empty-state"), StringComparison.Ordinal);
            Assert.Contains("administrator", userPage.Text(".empty-state"), StringComparison.Ordinal);
            Assert.Null(userPage.Find("a[href='/admin/providers/new']"));
            Assert.Null(userPage.Find("#composer"));
        }
    }

    [Fact]
    public async Task PostingAMessageWithoutAModelIsRefusedNotAnError()
    {
        await using var app = new AppFactory();
        using var user = app.CreateHtmlClient();
        await user.RegisterAsync(Infrastructure.Accounts.NewEmail("nomodel"));

        var page = await user.PostWithTokenAsync("/chat", new Dictionary<string, string> { ["Input.Text"] = "Anyone there?" });

        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Equal("No model to chat with yet", page.Text(".empty-state h2"));
        Assert.False(await app.WithDbAsync(db => db.Conversations.AnyAsync()));
    }
}

namespace LlmPages.Tests.Chat;

/// <summary>A long chat shows its newest messages; the earlier ones are one link away.</summary>
public sealed class LongThreadTests
{
    [Fact]
    public async Task OnlyTheNewestMessagesAreShownWithALinkToTheRest()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?>
        {
            ["LlmPages:Chat:MessagesShown"] = "4",
            ["LlmPages:Jobs:RunServer"] = "false",
        });
        using var user = await chat.NewUserAsync();
        var id = (await user.StartChatAsync("First question")).ConversationId();
        await user.SendAsync(id, "Second question");
        await user.SendAsync(id, "Third question");

        var page = await user.GetAsync($"/chat/{id}");
        var all = await user.GetAsync($"/chat/{id}?all=1");

        Assert.Equal(4, page.FindAll("#thread article").Count());
        Assert.Contains("Second question", page.Text("#thread"));
        Assert.DoesNotContain("First question", page.Text("#thread"));
        var link = page.Find(".thread__earlier a")!;
        Assert.Equal("Show 2 earlier messages", link.TextContent);
        Assert.Equal($"/chat/{id}?all=1", link.GetAttribute("href"));
        Assert.Equal(6, all.FindAll("#thread article").Count());
        Assert.Null(all.Find(".thread__earlier"));
    }
}

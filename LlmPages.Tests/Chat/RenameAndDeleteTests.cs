using System.Net;
using LlmPages.Tests.Admin;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Chat;

/// <summary>Renaming a chat (with its rules) and deleting it with all its messages, through the forms.</summary>
public sealed class RenameAndDeleteTests
{
    [Fact]
    public async Task RenamingChangesTheTitleShownEverywhere()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false" });
        using var user = await chat.NewUserAsync();
        var id = (await user.StartChatAsync("Hello")).ConversationId();

        var form = await user.GetAsync($"/chat/{id}/rename");
        var page = await user.SubmitAsync(form, "main form", new Dictionary<string, string> { ["Input.Title"] = "  Holiday plans  " });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal($"/chat/{id}", page.Url.AbsolutePath);
        Assert.Equal("Holiday plans", page.Text("#chat-title"));
        Assert.Equal("Holiday plans", page.Find($".chat-list a[href='/chat/{id}']")!.TextContent.Trim());
        Assert.Equal("Holiday plans", await TitleAsync(chat, id));
    }

    [Theory]
    [InlineData("", "Enter a title.")]
    [InlineData("   ", "Enter a title.")]
    [InlineData("81", "at most 80 characters")]
    public async Task ABadTitleIsRefusedWithAReason(string title, string reason)
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false" });
        using var user = await chat.NewUserAsync();
        var id = (await user.StartChatAsync("Hello")).ConversationId();
        title = title == "81" ? new string('t', 81) : title;

        var form = await user.GetAsync($"/chat/{id}/rename");
        var page = await user.SubmitAsync(form, "main form", new Dictionary<string, string> { ["Input.Title"] = title });

        Assert.Equal($"/chat/{id}/rename", page.Url.AbsolutePath);
        Assert.Contains(reason, page.Text("main"), StringComparison.Ordinal);
        Assert.Equal("Hello", await TitleAsync(chat, id));
    }

    [Fact]
    public async Task ATitleOfExactlyEightyCharactersIsAccepted()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false" });
        using var user = await chat.NewUserAsync();
        var id = (await user.StartChatAsync("Hello")).ConversationId();

        var form = await user.GetAsync($"/chat/{id}/rename");
        await user.SubmitAsync(form, "main form", new Dictionary<string, string> { ["Input.Title"] = new string('t', 80) });

        Assert.Equal(new string('t', 80), await TitleAsync(chat, id));
    }

    [Fact]
    public async Task DeletingRemovesTheChatAndAllItsMessages()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false" });
        using var user = await chat.NewUserAsync();
        var id = (await user.StartChatAsync("Hello")).ConversationId();
        await user.SendAsync(id, "And again");
        var kept = (await user.StartChatAsync("Another chat")).ConversationId();

        var confirm = await user.GetAsync($"/chat/{id}/delete");
        var page = await user.SubmitAsync(confirm, "main form");

        Assert.Equal("/chat", page.Url.AbsolutePath);
        Assert.Contains("Deleted “Hello”", page.Text("#flash"), StringComparison.Ordinal);
        Assert.Null(page.Find($".chat-list a[href='/chat/{id}']"));
        Assert.Empty(await chat.App.MessagesAsync(id));
        Assert.False(await chat.App.WithDbAsync(db => db.Conversations.AnyAsync(c => c.Id == id)));
        Assert.Equal(HttpStatusCode.NotFound, (await user.GetAsync($"/chat/{id}")).Status);
        // Only that chat: the other one is untouched.
        Assert.Equal(2, (await chat.App.MessagesAsync(kept)).Count);
    }

    private static Task<string> TitleAsync(ChatApp chat, Guid id) =>
        chat.App.WithDbAsync(db => db.Conversations.AsNoTracking().Where(c => c.Id == id).Select(c => c.Title).SingleAsync());
}

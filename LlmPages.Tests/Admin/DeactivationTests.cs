using LlmPages.Data.Entities;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Infrastructure.FakeModels;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Admin;

/// <summary>A deactivated person loses access at once: their next request, their open streams and their running replies.</summary>
public sealed class DeactivationTests
{
    private static readonly Dictionary<string, string?> QuickChecks = new() { ["LlmPages:Chat:SessionCheckInterval"] = "00:00:00.200" };

    [Fact]
    public async Task ADeactivatedPersonIsRefusedAtTheNextRequestAndTheirReplyStopsAndIsKept()
    {
        await using var chat = await ChatApp.StartAsync(QuickChecks);
        using var user = await chat.NewUserAsync("Dee Activated");
        var reply = await chat.SendWhileScriptedAsync(user, s =>
        {
            s.Tokens = ["Kept words", " never"];
            s.TokenDelay = FakeScript.Forever;
        });
        using var response = await user.OpenEventsAsync(reply.EventsUrl);
        var events = ChatSteps.EventsAsync(response).GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());
        using var admin = chat.App.CreateHtmlClient();
        await admin.LoginAsync(AppFactory.AdminEmail);
        var userId = await chat.App.WithDbAsync(db => db.Conversations.Where(c => c.Id == reply.ConversationId).Select(c => c.OwnerId).SingleAsync());

        var done = await admin.ConfirmAsync(userId, "deactivate");

        Assert.Contains("“Dee Activated” is deactivated", done.Text("#flash"), StringComparison.Ordinal);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await events.MoveNextAsync().AsTask().WaitAsync(timeout.Token))
        {
        }
        var saved = await chat.App.WaitForReplyAsync(reply.ReplyId);
        Assert.Equal(MessageStatus.Stopped, saved.Status);
        Assert.Contains("Kept words", saved.Content, StringComparison.Ordinal);
        Assert.Equal("/account/login", (await user.GetAsync($"/chat/{reply.ConversationId}")).Url.AbsolutePath);
        var email = await chat.App.WithDbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.Email!).SingleAsync());
        Assert.Contains("This account has been deactivated.", (await user.LoginAsync(email)).Text("[role=alert]"), StringComparison.Ordinal);

        var edit = await admin.GetAsync($"/admin/users/{userId}/edit");
        var reactivated = await admin.SubmitAsync(edit, "main form[action$='handler=Reactivate']");
        Assert.Contains("is active again", reactivated.Text("#flash"), StringComparison.Ordinal);
        Assert.NotEqual("/account/login", (await user.LoginAsync(email)).Url.AbsolutePath);
    }
}

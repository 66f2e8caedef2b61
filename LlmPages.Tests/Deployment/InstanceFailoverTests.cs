using System.Net;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;

namespace LlmPages.Tests.Deployment;

/// <summary>
/// One of two instances behind nginx dies mid-reply (SIGKILL: a lost machine, nothing saved on the way out): the other
/// still serves the chat, with the text saved so far, and new chats. A class of its own: it kills one of its pair.
/// </summary>
public sealed class InstanceFailoverTests(ProxiedInstances site) : IClassFixture<ProxiedInstances>
{
    [PostgresFact]
    public async Task WhenOneInstanceIsKilledMidReplyTheOtherStillServesTheChat()
    {
        using var browser = site.Browser();
        await browser.RegisterAsync(Infrastructure.Accounts.NewEmail("deploy"), "Dee Ploy");
        var id = (await browser.StartChatAsync("Hello")).ConversationId();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        site.Model.Script.Tokens = ["Half", " a", " reply"];
        site.Model.Script.HoldAfterFirstToken = release.Task;
        RunningApp writer;
        int servedBeforeTheKill;
        try
        {
            await browser.SendWithHtmxAsync(id, "Are you still there?");
            writer = site.Instance(site.Proxy.ServedBy().Last(r => r.Method == "POST").Instance);
            await site.WaitForSavedReplyAsync("Half");

            writer.Kill();
            servedBeforeTheKill = site.Proxy.ServedBy().Count;
        }
        finally
        {
            release.TrySetResult();
            site.Model.Script.HoldAfterFirstToken = null;
            site.Model.Script.Tokens = ["Still", " here"];
        }

        for (var i = 0; i < 3; i++)
        {
            var page = await browser.GetAsync($"/chat/{id}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains("Are you still there?", page.Html, StringComparison.Ordinal);
            Assert.Contains("Half", page.Html, StringComparison.Ordinal);
        }
        var next = await browser.StartChatAsync("A new chat after the failure");
        Assert.Equal(HttpStatusCode.OK, next.Status);
        Assert.Contains("Still here", next.Html, StringComparison.Ordinal);
        Assert.True(writer.HasExited);
        // nginx tried the dead instance at most once, then served everything from the living one.
        Assert.All(site.Proxy.ServedBy().Skip(servedBeforeTheKill),
            r => Assert.NotEqual(writer, site.Instance(r.Instance)));
    }
}

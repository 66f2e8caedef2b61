using System.Net;
using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Chat;

/// <summary>
/// A person's monthly token quota: sends, regenerations and edits are refused once this month's tokens (in the app's
/// time zone) have reached it, with the reason beside the composer; concurrent sends cannot race past it.
/// </summary>
public sealed class TokenQuotaTests
{
    private const string Refused = "tokens for this month, so nothing was sent.";

    private static Task<ChatApp> StartAsync() => ChatApp.StartAsync(new Dictionary<string, string?>
    {
        ["LlmPages:Jobs:RunServer"] = "false",
        // The quota, not the cap on replies at once, is what refuses the concurrent sends below.
        ["LlmPages:Chat:MaxConcurrentGenerationsPerUser"] = "50",
    });

    [Fact]
    public async Task ASendUnderTheQuotaIsAllowedAndTheNextOneAtTheQuotaIsRefusedWithoutJavaScript()
    {
        await using var chat = await StartAsync();
        using var user = await chat.NewUserAsync("Quinn Quota");
        var id = (await user.StartChatAsync("Hello")).ConversationId(); // 16 tokens (12 + 4)
        var userId = await UserIdAsync(chat, "Quinn Quota");
        // Last month's use does not count; this month's 16 + 83 leave one token.
        await AddUsageAsync(chat, userId, 1_000_000, DateTime.UtcNow.AddMonths(-1).AddDays(-1));
        await AddUsageAsync(chat, userId, 83, DateTime.UtcNow);
        await SetQuotaAsync(chat, userId, 100);

        var allowed = await user.SendAsync(id, "One token left");
        Assert.Equal(HttpStatusCode.OK, allowed.Status);
        var requests = chat.Model.Requests.Count;
        var refused = await user.SendAsync(id, "Over the top");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Contains("You have used 115 of your 100 " + Refused, refused.Text("#Input_Text-error"), StringComparison.Ordinal);
        Assert.NotNull(refused.Find("#error-summary[role=alert]"));
        Assert.Equal("Over the top", refused.Text("#Input_Text"));
        Assert.Equal(requests, chat.Model.Requests.Count);
        Assert.DoesNotContain(await chat.App.MessagesAsync(id), m => m.Content == "Over the top");
    }

    [Fact]
    public async Task ASendWithHtmxAtTheQuotaIsRefusedBesideTheComposer()
    {
        await using var chat = await StartAsync();
        using var user = await chat.NewUserAsync("Quinn Quota");
        var id = (await user.StartChatAsync("Hello")).ConversationId();
        await SetQuotaAsync(chat, await UserIdAsync(chat, "Quinn Quota"), 16);
        var before = (await chat.App.MessagesAsync(id)).Count;

        var refused = await user.SendWithHtmxAsync(id, "Over the top");

        Assert.Equal("#composer-errors", refused.Header("HX-Retarget"));
        Assert.Contains("You have used 16 of your 16 " + Refused, refused.Text("[role=alert]"), StringComparison.Ordinal);
        Assert.Equal(before, (await chat.App.MessagesAsync(id)).Count);
    }

    [Fact]
    public async Task RegeneratingAndEditingCountAsSends()
    {
        await using var chat = await StartAsync();
        using var user = await chat.NewUserAsync("Quinn Quota");
        var page = await user.StartChatAsync("Hello");
        var id = page.ConversationId();
        await SetQuotaAsync(chat, await UserIdAsync(chat, "Quinn Quota"), 10);
        var messages = await chat.App.MessagesAsync(id);
        var requests = chat.Model.Requests.Count;

        var regenerated = await user.SubmitAsync(await user.GetAsync($"/chat/{id}"), "form[action$='/regenerate']");
        var editForm = await user.GetAsync($"/chat/{id}/messages/{messages[0].Id}/edit");
        var edited = await user.SubmitAsync(editForm, "main form", new Dictionary<string, string> { ["Input.Text"] = "Hello again" });

        Assert.Contains(Refused, regenerated.Text("#flash"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, edited.Status);
        Assert.Contains(Refused, edited.Text("#Input_Text-error"), StringComparison.Ordinal);
        Assert.Equal(messages.Count, (await chat.App.MessagesAsync(id)).Count);
        Assert.Equal(requests, chat.Model.Requests.Count);
    }

    [Fact]
    public async Task ConcurrentSendsOneRequestUnderTheQuotaStartExactlyOneReply()
    {
        await using var chat = await StartAsync();
        using var user = await chat.NewUserAsync("Quinn Quota");
        var chats = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            chats.Add((await user.StartChatAsync($"Hello {i}")).ConversationId());
        }
        var userId = await UserIdAsync(chat, "Quinn Quota");
        await SetQuotaAsync(chat, userId, 8 * 16 + 1); // one token left: room for one more send
        var pages = new List<HtmlPage>();
        foreach (var id in chats)
        {
            pages.Add(await user.GetAsync($"/chat/{id}"));
        }
        // Replies wait until every send has answered, so the one that started is still being written meanwhile.
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        chat.Model.Script.HoldBeforeFirstToken = hold.Task;
        var usageBefore = await chat.App.WithDbAsync(db => db.UsageLogs.CountAsync());

        var answers = await Task.WhenAll(chats.Select((id, i) => PostWithHtmxAsync(user, pages[i], id, "At once")));
        hold.SetResult();

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Single(answers, a => a.Header("HX-Retarget") is null);
        Assert.Equal(7, answers.Count(a => a.Html.Contains("replies still being written hold the rest", StringComparison.Ordinal)));
        var started = await chat.App.WithDbAsync(db => db.Messages.AsNoTracking()
            .Where(m => chats.Contains(m.ConversationId) && m.Role == MessageRole.Assistant)
            .OrderByDescending(m => m.CreatedAt).FirstAsync());
        await chat.App.WaitForReplyAsync(started.Id);
        Assert.Equal(usageBefore + 1, await chat.App.WithDbAsync(db => db.UsageLogs.CountAsync()));
        Assert.Equal(9, await chat.App.WithDbAsync(db => db.Messages.CountAsync(m => chats.Contains(m.ConversationId) && m.Role == MessageRole.Assistant)));
        // The finished reply's usage row took over from its reservation.
        Assert.Equal(0, await chat.App.WithDbAsync(db => db.QuotaReservations.CountAsync()));
    }

    [Fact]
    public async Task WithoutAQuotaNothingIsReservedAndSendsGoThrough()
    {
        await using var chat = await StartAsync();
        using var user = await chat.NewUserAsync("Una Limited");
        var id = (await user.StartChatAsync("Hello")).ConversationId();
        await AddUsageAsync(chat, await UserIdAsync(chat, "Una Limited"), 1_000_000_000, DateTime.UtcNow);

        var page = await user.SendAsync(id, "Still fine");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(MessageStatus.Complete, (await chat.App.MessagesAsync(id))[^1].Status);
        Assert.Equal(0, await chat.App.WithDbAsync(db => db.QuotaReservations.CountAsync()));
        Assert.Null((await user.GetAsync("/profile")).Find("#quota"));
    }

    [Fact]
    public async Task TheProfileShowsTheTokensUsedOfTheQuota()
    {
        await using var chat = await StartAsync();
        using var user = await chat.NewUserAsync("Quinn Quota");
        await user.StartChatAsync("Hello");
        var userId = await UserIdAsync(chat, "Quinn Quota");
        await AddUsageAsync(chat, userId, 1_984, DateTime.UtcNow);
        await SetQuotaAsync(chat, userId, 5_000);

        var profile = await user.GetAsync("/profile");
        Assert.StartsWith("2,000 of 5,000 tokens used this month.", profile.Text("#quota"), StringComparison.Ordinal);

        await SetQuotaAsync(chat, userId, 2_000);
        Assert.Contains("Your quota is used up", (await user.GetAsync("/profile")).Text("#quota"), StringComparison.Ordinal);
    }

    private static async Task<HtmlPage> PostWithHtmxAsync(HtmlClient user, HtmlPage page, Guid id, string text)
    {
        var form = page.Find("#composer")!;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/chat/{id}")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Text"] = text,
                ["Input.ClientId"] = form.QuerySelector("[name='Input.ClientId']")!.GetAttribute("value")!,
                ["Settings.ModelId"] = form.QuerySelector("[name='Settings.ModelId'] option[selected]")!.GetAttribute("value")!,
            }),
        };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", page.Token());
        return await user.SendAsync(request);
    }

    private static Task<string> UserIdAsync(ChatApp chat, string name) =>
        chat.App.WithDbAsync(db => db.Users.Where(u => u.DisplayName == name).Select(u => u.Id).SingleAsync());

    private static Task SetQuotaAsync(ChatApp chat, string userId, long? quota) =>
        chat.App.WithDbAsync(db => db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.MonthlyTokenQuota, quota)));

    private static Task AddUsageAsync(ChatApp chat, string userId, int tokens, DateTime at) =>
        chat.App.WithDbAsync(db =>
        {
            db.UsageLogs.Add(new UsageLog { UserId = userId, PromptTokens = tokens, CompletionTokens = 0, Status = MessageStatus.Complete, CreatedAt = at });
            return db.SaveChangesAsync();
        });
}

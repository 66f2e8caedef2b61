using System.Net;
using LlmPages.Data.Entities;
using LlmPages.Tests.Api;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;

namespace LlmPages.Tests.Telemetry;

/// <summary>
/// The app's own metrics move with its replies: per model, labelled by where the reply was asked for and how it ended,
/// for a chat page and the API alike.
/// </summary>
public sealed class ReplyMetricsTests
{
    [Fact]
    public async Task AStreamedReplyMovesItsModelsCountersAndHistograms()
    {
        var model = MetricsScrape.NewModelName();
        await using var chat = await ChatApp.StartAsync(MetricsScrape.Settings(model));
        using var user = await chat.NewUserAsync();

        var page = await user.StartChatAsync("Say hello");
        var reply = (await chat.App.MessagesAsync(page.ConversationId()))[1];
        Assert.Equal(MessageStatus.Complete, reply.Status);
        var scrape = await MetricsScrape.ReadAsync(chat);

        var ofModel = ("model", model);
        var fromChat = ("source", "chat");
        Assert.Equal(1, scrape.Value("llmpages_replies_started_total", ofModel, fromChat));
        Assert.Equal(1, scrape.Value("llmpages_replies_finished_total", ofModel, fromChat, ("outcome", "complete")));
        Assert.Equal(0, scrape.Value("llmpages_replies_finished_total", ofModel, ("outcome", "failed")));
        Assert.Equal(1, scrape.Value("llmpages_reply_time_to_first_token_seconds_count", ofModel, fromChat));
        // The fake server reports 12 tokens in and 4 out (FakeScript.Usage).
        Assert.Equal(12, scrape.Value("llmpages_tokens_total", ofModel, fromChat, ("type", "input")));
        Assert.Equal(4, scrape.Value("llmpages_tokens_total", ofModel, fromChat, ("type", "output")));
        Assert.Contains(scrape.Samples(), s => s.Name == "llmpages_replies_active");
    }

    [Fact]
    public async Task AFailedModelCallShowsInTheFailureCounter()
    {
        var model = MetricsScrape.NewModelName();
        await using var chat = await ChatApp.StartAsync(MetricsScrape.Settings(model));
        using var user = await chat.NewUserAsync();
        chat.Model.Script.FailWithStatus = 500;
        chat.Model.Script.ErrorMessage = "The model server is on fire";

        var page = await user.StartChatAsync("Say hello");
        var reply = (await chat.App.MessagesAsync(page.ConversationId()))[1];
        Assert.Equal(MessageStatus.Failed, reply.Status);
        var scrape = await MetricsScrape.ReadAsync(chat);

        Assert.Equal(1, scrape.Value("llmpages_replies_started_total", ("model", model)));
        Assert.Equal(1, scrape.Value("llmpages_replies_finished_total", ("model", model), ("outcome", "failed")));
        Assert.Equal(0, scrape.Value("llmpages_replies_finished_total", ("model", model), ("outcome", "complete")));
        Assert.Equal(0, scrape.Value("llmpages_reply_time_to_first_token_seconds_count", ("model", model)));
    }

    [Fact]
    public async Task AnApiStreamCountsLikeAChatStream()
    {
        var model = MetricsScrape.NewModelName();
        await using var api = await ApiApp.StartAsync(MetricsScrape.Settings(model));
        var person = await api.NewPersonAsync();
        using var http = api.Http(person.Key);

        using var response = await http.PostAsync("/v1/chat/completions", ApiApp.Json(
            "{\"model\":\"fake/fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("[DONE]", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var scrape = await MetricsScrape.ReadAsync(api.Chat);

        var ofModel = ("model", model);
        var fromApi = ("source", "api");
        Assert.Equal(1, scrape.Value("llmpages_replies_started_total", ofModel, fromApi));
        Assert.Equal(1, scrape.Value("llmpages_replies_finished_total", ofModel, fromApi, ("outcome", "complete")));
        Assert.Equal(1, scrape.Value("llmpages_reply_time_to_first_token_seconds_count", ofModel, fromApi));
        Assert.Equal(4, scrape.Value("llmpages_tokens_total", ofModel, fromApi, ("type", "output")));
    }

    [Fact]
    public async Task SignInsAreCountedByOutcome()
    {
        await using var chat = await ChatApp.StartAsync(MetricsScrape.Settings(MetricsScrape.NewModelName()));
        var before = await MetricsScrape.ReadAsync(chat);
        using var browser = chat.App.CreateHtmlClient();

        await browser.LoginAsync(AppFactory.AdminEmail, "not the password");
        await browser.LoginAsync(AppFactory.AdminEmail);
        var after = await MetricsScrape.ReadAsync(chat);

        Assert.Equal(1, after.Value("llmpages_signins_total", ("outcome", "failed")) - before.Value("llmpages_signins_total", ("outcome", "failed")));
        Assert.Equal(1, after.Value("llmpages_signins_total", ("outcome", "succeeded")) - before.Value("llmpages_signins_total", ("outcome", "succeeded")));
    }
}

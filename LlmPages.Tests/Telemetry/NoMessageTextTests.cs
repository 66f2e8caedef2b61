using System.Diagnostics;
using LlmPages.Data.Entities;
using LlmPages.Jobs;
using LlmPages.Telemetry;
using LlmPages.Tests.Chat;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.Telemetry;

/// <summary>
/// Telemetry never carries what people and models wrote: not in a metric, not in a span (with every source the app
/// traces listening), not in a log line at any level, even when a model server's error quotes the prompt.
/// </summary>
public sealed class NoMessageTextTests
{
    [Fact]
    public async Task NoMessageTextAppearsInMetricsTracesOrLogs()
    {
        var question = $"question{Guid.NewGuid():N}";
        var answer = $"answer{Guid.NewGuid():N}";
        var model = MetricsScrape.NewModelName();
        var spans = new ExportedItems<Activity>();
        await using var chat = await ChatApp.StartAsync(MetricsScrape.Settings(model), services: TraceTests.Traced(spans));
        using var user = await chat.NewUserAsync();
        chat.Model.Script.Tokens = ["Sure: ", answer, " (", question, ")"];

        var page = await user.StartChatAsync($"Please repeat {question}");
        var conversationId = page.ConversationId();
        chat.Model.Script.FailWithStatus = 400;
        chat.Model.Script.ErrorMessage = $"Your message '{question}' was refused";
        await user.SendAsync(conversationId, $"Again: {question}");

        var messages = await chat.App.MessagesAsync(conversationId);
        Assert.Equal([MessageStatus.Complete, MessageStatus.Complete, MessageStatus.Complete, MessageStatus.Failed], messages.Select(m => m.Status));
        Assert.Contains(answer, messages[1].Content, StringComparison.Ordinal);
        await spans.WaitForAsync(s => s.OperationName == "chat.reply" && Equals(s.GetTagItem("llmpages.model"), model)
            && Equals(s.GetTagItem("llmpages.reply.outcome"), "failed"));
        var scrape = await MetricsScrape.ReadAsync(chat);

        foreach (var secret in new[] { question, answer })
        {
            Assert.DoesNotContain(secret, scrape.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(spans.Snapshot(), span => Texts(span).Any(t => t.Contains(secret, StringComparison.Ordinal)));
            Assert.DoesNotContain(chat.App.Logs, line => line.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task AFailedModelCallsSpanKeepsItsErrorStatusButNotTheServersWords()
    {
        // A call that does not stream (naming a chat) goes through Microsoft.Extensions.AI's traced client, which puts a
        // failure's message in the span's status description; a model server's message may quote the prompt.
        var question = $"question{Guid.NewGuid():N}";
        var spans = new ExportedItems<Activity>();
        var settings = MetricsScrape.Settings(MetricsScrape.NewModelName());
        settings["LlmPages:Jobs:RunServer"] = "false";
        await using var chat = await ChatApp.StartAsync(settings, services: TraceTests.Traced(spans));
        using var user = await chat.NewUserAsync();
        var conversationId = (await user.StartChatAsync($"Please name {question}")).ConversationId();
        chat.Model.Script.FailWithStatus = 400;
        chat.Model.Script.ErrorMessage = $"Your message '{question}' was refused";

        await using (var scope = chat.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ConversationTitleJob>().NameAsync(conversationId, CancellationToken.None);
        }

        var call = await spans.WaitForAsync(s => s.Source.Name == ChatClientTelemetry.SourceName && s.Status == ActivityStatusCode.Error);
        Assert.NotNull(call.GetTagItem("error.type"));
        Assert.DoesNotContain(spans.Snapshot(), span => Texts(span).Any(t => t.Contains(question, StringComparison.Ordinal)));
    }

    /// <summary>Every piece of text a span carries to an exporter.</summary>
    private static IEnumerable<string> Texts(Activity span) =>
        new[] { span.DisplayName, span.OperationName, span.StatusDescription ?? "" }
            .Concat(span.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            .Concat(span.Events.SelectMany(e => e.Tags.Select(t => $"{t.Key}={t.Value}").Append(e.Name)))
            .Concat(span.Links.SelectMany(l => l.Tags?.Select(t => $"{t.Key}={t.Value}") ?? []))
            .Concat(span.Baggage.Select(b => $"{b.Key}={b.Value}"));
}

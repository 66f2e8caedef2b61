using System.Diagnostics;
using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace LlmPages.Tests.Telemetry;

/// <summary>
/// A chat turn is one trace: the send's request, the reply beneath it, the model call and the saved reply beneath
/// that, with the model and token counts as attributes; a batched partial save links to the replies it saved.
/// </summary>
public sealed class TraceTests
{
    [Fact]
    public async Task AChatTurnIsOneTraceFromTheSendThroughTheModelCallToTheSavedReply()
    {
        var model = MetricsScrape.NewModelName();
        var spans = new ExportedItems<Activity>();
        await using var chat = await ChatApp.StartAsync(MetricsScrape.Settings(model), services: Traced(spans));
        using var user = await chat.NewUserAsync();
        // Slow enough that the reply is saved in part while it streams (FlushInterval is 100 ms in ChatApp).
        var partSaved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        chat.Model.Script.Tokens = ["One", " two", " three", " four"];
        chat.Model.Script.HoldAfterFirstToken = partSaved.Task;

        var sending = user.StartChatAsync("Count to four");
        await WaitForPartialSaveAsync(chat, "One");
        partSaved.SetResult();
        var page = await sending;
        Assert.Equal(MessageStatus.Complete, (await chat.App.MessagesAsync(page.ConversationId()))[1].Status);

        var turn = await spans.WaitForAsync(s => s.OperationName == "chat.reply" && Equals(s.GetTagItem("llmpages.model"), model));
        // The send's span ends when the server has finished its answer, which can be just after the client read it.
        var send = await spans.WaitForAsync(s => s.SpanId == turn.ParentSpanId);
        var trace = spans.Snapshot().Where(s => s.TraceId == turn.TraceId).ToList();
        Assert.Equal(ActivityKind.Server, send.Kind);
        Assert.Equal("POST", send.GetTagItem("http.request.method"));
        Assert.Equal("complete", turn.GetTagItem("llmpages.reply.outcome"));
        Assert.Equal(12, turn.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(4, turn.GetTagItem("gen_ai.usage.output_tokens"));
        var modelCall = Assert.Single(trace, s => s.ParentSpanId == turn.SpanId && s.Kind == ActivityKind.Client && s.GetTagItem("http.request.method") is not null);
        Assert.Equal("POST", modelCall.GetTagItem("http.request.method"));
        Assert.EndsWith("/chat/completions", (string)modelCall.GetTagItem("url.full")!, StringComparison.Ordinal);
        // The final save is the app's own span beneath the reply (EF's spans for it come and go: some of its writes go
        // through the connection itself, which EF's instrumentation does not see).
        var save = await spans.WaitForAsync(s => s.OperationName == "chat.save" && s.ParentSpanId == turn.SpanId);
        Assert.Equal("complete", save.GetTagItem("llmpages.reply.outcome"));
        Assert.Equal(ActivityStatusCode.Unset, save.Status);
        var partialSave = await spans.WaitForAsync(s => s.OperationName == "chat.partial_save" && s.Links.Any(l => l.Context.SpanId == turn.SpanId));
        Assert.Equal(turn.TraceId, partialSave.Links.First(l => l.Context.SpanId == turn.SpanId).Context.TraceId);
    }

    [Fact]
    public async Task AReplysLogLinesCarryItsTraceId()
    {
        var model = MetricsScrape.NewModelName();
        var spans = new ExportedItems<Activity>();
        var records = new ExportedItems<LogRecord>();
        await using var chat = await ChatApp.StartAsync(MetricsScrape.Settings(model), services: services =>
        {
            Traced(spans)(services);
            services.AddOpenTelemetry().WithLogging(logging => logging.AddInMemoryExporter(records));
        });
        using var user = await chat.NewUserAsync();
        chat.Model.Script.FailWithStatus = 500;

        await user.StartChatAsync("Say hello");

        var turn = await spans.WaitForAsync(s => s.OperationName == "chat.reply" && Equals(s.GetTagItem("llmpages.model"), model));
        var failure = await records.WaitForAsync(r => r.CategoryName == "LlmPages.Chat.Streaming.GenerationRunner" && r.TraceId == turn.TraceId);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, failure.LogLevel);
        Assert.Equal(turn.SpanId, failure.SpanId);
    }

    private static async Task WaitForPartialSaveAsync(ChatApp chat, string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await chat.App.WithDbAsync(db => db.Messages.AnyAsync(m => m.Status == MessageStatus.Streaming && m.Content == text)))
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    /// <summary>The app's spans, exported to <paramref name="spans"/> (telemetry must be on: <see cref="MetricsScrape.Settings"/>).</summary>
    public static Action<IServiceCollection> Traced(ExportedItems<Activity> spans) =>
        services => services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(spans));
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using LlmPages.Tests.ApiKeyPages;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Infrastructure.FakeModels;

namespace LlmPages.Tests.Deployment;

/// <summary>
/// SIGTERM, as <c>docker stop</c>, fly.io and systemd send it, mid-reply with a reader following it: the app saves the
/// reply as interrupted (its reader hears so), lets the reader's stream end and exits by itself within its shutdown
/// grace, well before the container's kill timeout. An API stream, which has nothing to save, is ended at once with an
/// error its client can retry.
/// </summary>
public sealed class GracefulStopTests
{
    [Fact]
    public async Task SigtermMidReplySavesItAsInterruptedAndExitsWithinTheGrace()
    {
        await using var model = await FakeOpenAiServer.StartAsync();
        var data = Directory.CreateTempSubdirectory("llmpages-stop-").FullName;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await using var app = await RunningApp.StartAsync(AppEnvironment(data, model));
            using var browser = ProxiedInstances.Direct(app, new CookieContainer());
            await browser.RegisterAsync(Infrastructure.Accounts.NewEmail("stop"), "Stop Me");
            var id = (await browser.StartChatAsync("Hello")).ConversationId();
            model.Script.Tokens = ["Cut", " short"];
            model.Script.HoldAfterFirstToken = release.Task;

            using var send = await browser.HtmxSendAsync(id, "Take your time", acceptEvents: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            using var response = await browser.Http.SendAsync(send, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            await using var events = ChatSteps.EventsAsync(response, timeout.Token).GetAsyncEnumerator(timeout.Token);
            var text = "";
            while (!text.Contains("Cut", StringComparison.Ordinal))
            {
                Assert.True(await events.MoveNextAsync(), "The stream ended before the first token.");
                text += events.Current.Data;
            }

            var stopping = Stopwatch.StartNew();
            var stopped = app.StopAsync(TimeSpan.FromSeconds(60));
            string? end = null;
            while (end is null && await events.MoveNextAsync())
            {
                end = events.Current.Name == "reply-done" ? events.Current.Data : null;
            }
            var exitCode = await stopped;

            Assert.Contains("Interrupted", end ?? "", StringComparison.Ordinal);
            Assert.Equal(0, exitCode);
            // ChatLimits.ShutdownGrace (10 s) bounds it; Docker's stop timeout is 10 s, fly.toml's kill_timeout 30 s.
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"Stopping took {stopping.Elapsed}:\n{app.Output}");
        }
        finally
        {
            release.TrySetResult();
            TestDatabase.DropFor(data);
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task SigtermMidApiStreamEndsItWithAnErrorToRetryAndExitsWithinTheGrace()
    {
        await using var model = await FakeOpenAiServer.StartAsync();
        var data = Directory.CreateTempSubdirectory("llmpages-stop-").FullName;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await using var app = await RunningApp.StartAsync(AppEnvironment(data, model));
            using var browser = ProxiedInstances.Direct(app, new CookieContainer());
            await browser.RegisterAsync(Infrastructure.Accounts.NewEmail("stop"), "Stop Me");
            var key = (await browser.CreateApiKeyAsync("Script")).NewKey();
            model.Script.Tokens = ["Cut", " short"];
            model.Script.HoldAfterFirstToken = release.Task;

            using var api = new HttpClient { BaseAddress = app.Address };
            using var call = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
            {
                Content = JsonContent.Create(new { model = $"fake/{FakeScript.WireModel}", stream = true, messages = new[] { new { role = "user", content = "Take your time" } } }),
            };
            call.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            using var response = await api.SendAsync(call, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var lines = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
            var body = "";
            while (!body.Contains("Cut", StringComparison.Ordinal))
            {
                body += await lines.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException($"The stream ended before the first token: {body}");
            }

            var stopping = Stopwatch.StartNew();
            var stopped = app.StopAsync(TimeSpan.FromSeconds(60));
            var rest = await lines.ReadToEndAsync(timeout.Token);
            var exitCode = await stopped;

            Assert.Contains("\"server_shutting_down\"", rest, StringComparison.Ordinal);
            Assert.EndsWith("data: [DONE]", rest.TrimEnd(), StringComparison.Ordinal);
            Assert.Equal(0, exitCode);
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"Stopping took {stopping.Elapsed}:\n{app.Output}");
        }
        finally
        {
            release.TrySetResult();
            TestDatabase.DropFor(data);
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>An app process on its own data folder (and database), with the fake model as its one provider.</summary>
    private static Dictionary<string, string> AppEnvironment(string data, FakeOpenAiServer model)
    {
        TestDatabase.CopySqliteTemplateTo(Path.Combine(data, "llmpages.db"));
        var environment = TestDatabase.SettingsFor(data).ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        environment["LlmPages__Data__DataFolder"] = data;
        environment["LlmPages__Providers__0__Name"] = "Fake";
        environment["LlmPages__Providers__0__Kind"] = "OpenAiCompatible";
        environment["LlmPages__Providers__0__BaseUrl"] = model.BaseUrl.ToString();
        environment["LlmPages__Providers__0__Models__0__Id"] = FakeScript.WireModel;
        environment["LlmPages__Providers__0__Models__0__Default"] = "true";
        return environment;
    }
}

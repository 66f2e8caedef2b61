using System.Net;
using System.Text.Json.Nodes;
using LlmPages.Data.Entities;
using LlmPages.Tests.Infrastructure.FakeModels;

namespace LlmPages.Tests.Api;

/// <summary>
/// How an API stream ends when something goes wrong: a model server failing mid-reply gives an error event and a
/// clean end; a client that hangs up cancels the call to the model (unlike a chat reply, nothing goes on without it);
/// the reply size limit and the context window apply as on the chat pages.
/// </summary>
public sealed class ApiStreamTests
{
    private const string StreamBody = "{\"model\":\"fake/fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true,\"stream_options\":{\"include_usage\":true}}";

    [Fact]
    public async Task AModelServerFailingMidStreamGivesAnErrorEventAndACleanEnd()
    {
        await using var api = await ApiApp.StartAsync();
        var person = await api.NewPersonAsync();
        api.Model.Script.Tokens = ["Hello", ",", " world", "!"];
        api.Model.Script.StreamError = new FakeStreamError(2, "The GPU caught fire");
        using var http = api.Http(person.Key);

        var response = await http.PostAsync("/v1/chat/completions", ApiApp.Json(StreamBody));
        var events = Events(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("[DONE]", events[^1]);
        var error = JsonNode.Parse(events[^2])!["error"]!;
        Assert.Equal("upstream_error", error["code"]!.GetValue<string>());
        var text = string.Concat(events[..^2].Select(e => JsonNode.Parse(e)!["choices"]!.AsArray().FirstOrDefault()?["delta"]?["content"]?.GetValue<string>()));
        Assert.Equal("Hello,", text);
        Assert.Equal(MessageStatus.Failed, Assert.Single(await api.UsageOfAsync(person.KeyId)).Status);
    }

    [Fact]
    public async Task AClientThatHangsUpEndsTheCallAndTheCallIsLoggedAsStopped()
    {
        await using var api = await ApiApp.StartAsync();
        var person = await api.NewPersonAsync();
        // A model that keeps writing, as a real one does: Kestrel (the fake's server) notices a closed connection only
        // when it writes, so a model holding still would never hear the hang-up, whoever hung up.
        api.Model.Script.Tokens = ["First", .. Enumerable.Repeat(" more", 600)];
        api.Model.Script.TokenDelay = TimeSpan.FromMilliseconds(50);

        using (var http = api.Http(person.Key))
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = ApiApp.Json(StreamBody) })
        using (var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync() is { } line && !line.Contains("First", StringComparison.Ordinal))
            {
            }
        } // the client hangs up here (its connection closed), with the reply half written

        var row = await WaitForAsync(async () => (await api.UsageOfAsync(person.KeyId)).SingleOrDefault());
        Assert.Equal(MessageStatus.Stopped, row.Status);
        Assert.Equal(person.UserId, row.UserId);
        // The app's call to the model ended too (the model's 600 tokens take 30 s: this waits less than their end).
        await api.Model.StreamCancelled.WaitAsync(TimeSpan.FromSeconds(25));
    }

    [Fact]
    public async Task ACallOverThePersonsCapOfRunningCallsIsRefused429AndThePlaceComesBackWhenACallEnds()
    {
        await using var api = await ApiApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Chat:MaxConcurrentApiCallsPerUser"] = "1" });
        var person = await api.NewPersonAsync();
        var other = await api.NewPersonAsync("Other Person");
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        api.Model.Script.Tokens = ["Held"];
        api.Model.Script.HoldBeforeFirstToken = hold.Task;
        using var http = api.Http(person.Key);

        var first = http.PostAsync("/v1/chat/completions", ApiApp.Json(StreamBody));
        await CallsReachingTheModelAsync(api, 1); // held by the model before its first token

        using var second = await http.PostAsync("/v1/chat/completions", ApiApp.Json(StreamBody));
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal("1", second.Headers.GetValues("Retry-After").Single());
        var error = JsonNode.Parse(await second.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("concurrency_limit_exceeded", error["code"]!.GetValue<string>());
        Assert.Contains("1 API calls running at once", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        // The cap is per person: someone else's call goes through meanwhile.
        using var others = api.Http(other.Key);
        var theirs = others.PostAsync("/v1/chat/completions", ApiApp.Json(StreamBody));
        await CallsReachingTheModelAsync(api, 2);

        hold.SetResult();
        foreach (var call in new[] { first, theirs })
        {
            using var ended = await call;
            Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        }
        using var third = await http.PostAsync("/v1/chat/completions", ApiApp.Json(StreamBody));
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task AReplyReachingTheLongestReplyAllowedIsCutThereWithFinishReasonLength()
    {
        await using var api = await ApiApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Chat:MaxReplyLength"] = "1000" });
        var person = await api.NewPersonAsync();
        api.Model.Script.Tokens = [.. Enumerable.Repeat(new string('x', 300), 5)];
        using var http = api.Http(person.Key);

        var whole = JsonNode.Parse(await (await http.PostAsync("/v1/chat/completions",
            ApiApp.Json("{\"model\":\"fake/fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))).Content.ReadAsStringAsync())!;
        var streamed = Events(await (await http.PostAsync("/v1/chat/completions", ApiApp.Json(StreamBody))).Content.ReadAsStringAsync());

        Assert.Equal(1000, whole["choices"]![0]!["message"]!["content"]!.GetValue<string>().Length);
        Assert.Equal("length", whole["choices"]![0]!["finish_reason"]!.GetValue<string>());
        var chunks = streamed[..^1].Select(e => JsonNode.Parse(e)!).ToList();
        Assert.Equal(1000, chunks.Sum(c => c["choices"]!.AsArray().FirstOrDefault()?["delta"]?["content"]?.GetValue<string>().Length ?? 0));
        Assert.Contains(chunks, c => c["choices"]!.AsArray().FirstOrDefault()?["finish_reason"]?.GetValue<string>() == "length");
        Assert.All(await api.UsageOfAsync(person.KeyId), row => Assert.Equal(MessageStatus.Truncated, row.Status));
    }

    [Fact]
    public async Task TheOldestMessagesAreLeftOutToFitTheContextWindowButTheSystemMessageIsKept()
    {
        await using var api = await ApiApp.StartAsync(
            new Dictionary<string, string?> { ["LlmPages:Providers:0:Models:0:MaxOutputTokens"] = "100" }, contextWindow: 600);
        var person = await api.NewPersonAsync();
        using var http = api.Http(person.Key);
        var body = new JsonObject
        {
            ["model"] = "fake/fake-model",
            ["messages"] = new JsonArray(
                Message("system", "Be brief."), Message("user", Long("first")), Message("assistant", Long("second")),
                Message("user", Long("third"))),
        };

        var response = await http.PostAsync("/v1/chat/completions", ApiApp.Json(body.ToJsonString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = api.Model.LastRequest("chat/completions").Body!["messages"]!.AsArray().Select(m => m!["content"]!.ToJsonString()).ToList();
        Assert.Contains("Be brief.", sent[0], StringComparison.Ordinal);
        Assert.DoesNotContain(sent, c => c.Contains("first", StringComparison.Ordinal));
        Assert.Contains("third", sent[^1], StringComparison.Ordinal);
    }

    private static JsonObject Message(string role, string content) => new() { ["role"] = role, ["content"] = content };

    /// <summary>About 200 tokens, starting with a marker word.</summary>
    private static string Long(string marker) => marker + " " + string.Join(' ', Enumerable.Repeat("apple", 200));

    /// <summary>The data of each server-sent event.</summary>
    private static List<string> Events(string stream) =>
        [.. stream.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e.Trim()).Where(e => e.StartsWith("data: ", StringComparison.Ordinal)).Select(e => e["data: ".Length..])];

    private static Task CallsReachingTheModelAsync(ApiApp api, int count) =>
        WaitForAsync(() => Task.FromResult(api.Model.Requests.Count(r => r.Path.EndsWith("chat/completions", StringComparison.Ordinal)) >= count ? "reached" : null));

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> read) where T : class
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await read() is { } found)
            {
                return found;
            }
            await Task.Delay(20, timeout.Token);
        }
    }
}

using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Api;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Instances;

/// <summary>
/// Two instances on one PostgreSQL database share the rate limits and the cap on running API calls: a person or an
/// address gets one budget whichever instance answers, not one per instance.
/// </summary>
public sealed class SharedLimitsTests
{
    private const string StreamBody = "{\"model\":\"fake/fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true}";

    [PostgresFact]
    public async Task SignInAttemptsSpreadOverTwoInstancesAreLimitedTogether()
    {
        var settings = new Dictionary<string, string?>(InstanceLeaseTests.QuickLeases) { ["LlmPages:Web:AuthAttemptsPerWindow"] = "3" };
        await using var chat = await ChatApp.StartAsync(settings);
        using var second = chat.StartAnotherInstance();
        using var onFirst = chat.App.CreateHtmlClient();
        using var onSecond = second.CreateHtmlClient();

        Assert.Equal(HttpStatusCode.OK, (await onFirst.LoginAsync(Infrastructure.Accounts.NewEmail(), "wrong password")).Status);
        Assert.Equal(HttpStatusCode.OK, (await onSecond.LoginAsync(Infrastructure.Accounts.NewEmail(), "wrong password")).Status);
        Assert.Equal(HttpStatusCode.OK, (await onFirst.LoginAsync(Infrastructure.Accounts.NewEmail(), "wrong password")).Status);
        var refused = await onSecond.LoginAsync(Infrastructure.Accounts.NewEmail(), "wrong password");

        Assert.Equal((HttpStatusCode)429, refused.Status);
        Assert.True(int.Parse(refused.Header("Retry-After")!, CultureInfo.InvariantCulture) > 0);
        Assert.Equal("Too many attempts", refused.Text("h1"));
        Assert.Contains("Try again in", refused.Text("main"));
    }

    [PostgresFact]
    public async Task MessagesOfOnePersonOnTwoInstancesAreLimitedTogether()
    {
        var settings = new Dictionary<string, string?>(InstanceLeaseTests.QuickLeases)
        {
            ["LlmPages:Web:MessagesPerWindow"] = "2",
            ["LlmPages:Web:MessageWindow"] = "00:10:00",
        };
        await using var chat = await ChatApp.StartAsync(settings);
        using var second = chat.StartAnotherInstance();
        var (onFirst, onSecond) = await SeveralInstancesTests.OnePersonOnBothAsync(chat, second);
        using var _first = onFirst;
        using var _second = onSecond;

        Assert.Equal(HttpStatusCode.OK, (await onFirst.StartChatAsync("One")).Status);
        Assert.Equal(HttpStatusCode.OK, (await onSecond.StartChatAsync("Two")).Status);
        var refused = await onFirst.StartChatAsync("Three");

        Assert.Equal((HttpStatusCode)429, refused.Status);
        Assert.True(int.Parse(refused.Header("Retry-After")!, CultureInfo.InvariantCulture) > 0);
        Assert.Contains("Try again in", refused.Text("main"));
    }

    [PostgresFact]
    public async Task APersonsApiCallsAndChatSendsOnTwoInstancesShareOneMessageBudget()
    {
        var settings = new Dictionary<string, string?>(InstanceLeaseTests.QuickLeases)
        {
            ["LlmPages:Web:MessagesPerWindow"] = "2",
            ["LlmPages:Web:MessageWindow"] = "00:10:00",
        };
        await using var api = await ApiApp.StartAsync(settings);
        using var second = api.Chat.StartAnotherInstance();
        var person = await api.NewPersonAsync();
        using var onSecond = KeyedClient(second.ServerAddress, person.Key);
        const string body = "{\"model\":\"fake/fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

        Assert.Equal(HttpStatusCode.OK, (await person.Browser.StartChatAsync("One, on the first")).Status);
        using (var call = await onSecond.PostAsync("/v1/chat/completions", ApiApp.Json(body)))
        {
            Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        }
        using var refusedCall = await onSecond.PostAsync("/v1/chat/completions", ApiApp.Json(body));
        var refusedSend = await person.Browser.StartChatAsync("Three, on the first");

        var error = await ApiErrorTests.ErrorOfAsync(refusedCall, HttpStatusCode.TooManyRequests);
        Assert.Equal("rate_limit_exceeded", error["code"]!.GetValue<string>());
        Assert.Contains("the same limit as sending chat messages", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(refusedCall.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(5));
        Assert.Equal((HttpStatusCode)429, refusedSend.Status);
        // The refused call took no place among the running calls, and the one that ran gave its place back.
        Assert.Equal(0, await api.App.WithDbAsync(db => db.RunningApiCalls.CountAsync(c => c.UserId == person.UserId)));
        Assert.Equal(1, api.Model.Requests.Count(r => r.Path.EndsWith("chat/completions", StringComparison.Ordinal) && (r.Body?.ToJsonString() ?? "").Contains("\"Hi\"", StringComparison.Ordinal)));
    }

    [PostgresFact]
    public async Task WrongApiKeysSentToTwoInstancesAreLimitedTogether()
    {
        var settings = new Dictionary<string, string?>(InstanceLeaseTests.QuickLeases) { ["LlmPages:Web:AuthAttemptsPerWindow"] = "3" };
        await using var api = await ApiApp.StartAsync(settings);
        using var second = api.Chat.StartAnotherInstance();
        var person = await api.NewPersonAsync();
        var wrong = person.Key[..^1] + (person.Key[^1] == 'A' ? 'B' : 'A');
        using var wrongOnFirst = KeyedClient(api.App.ServerAddress, wrong);
        using var wrongOnSecond = KeyedClient(second.ServerAddress, wrong);
        using var rightOnSecond = KeyedClient(second.ServerAddress, person.Key);

        foreach (var http in new[] { wrongOnFirst, wrongOnSecond, wrongOnFirst })
        {
            using var refused = await http.GetAsync("/v1/models");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        using var blocked = await rightOnSecond.GetAsync("/v1/models");

        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.True(int.Parse(blocked.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture) > 0);
        Assert.Equal("rate_limit_exceeded", JsonNode.Parse(await blocked.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>());
    }

    [PostgresFact]
    public async Task ACallRunningOnOneInstanceCountsAgainstThePersonsCapOnTheOther()
    {
        var settings = new Dictionary<string, string?>(InstanceLeaseTests.QuickLeases) { ["LlmPages:Chat:MaxConcurrentApiCallsPerUser"] = "1" };
        await using var api = await ApiApp.StartAsync(settings);
        using var second = api.Chat.StartAnotherInstance();
        var person = await api.NewPersonAsync();
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        api.Model.Script.Tokens = ["Held"];
        api.Model.Script.HoldBeforeFirstToken = hold.Task;
        using var onFirst = KeyedClient(api.App.ServerAddress, person.Key);
        using var onSecond = KeyedClient(second.ServerAddress, person.Key);

        var first = onFirst.PostAsync("/v1/chat/completions", ApiApp.Json(StreamBody));
        await CallsReachingTheModelAsync(api, 1);
        using var refused = await onSecond.PostAsync("/v1/chat/completions", ApiApp.Json(StreamBody));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("concurrency_limit_exceeded", error["code"]!.GetValue<string>());
        Assert.Contains("1 API calls running at once", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        hold.SetResult();
        using (var ended = await first)
        {
            Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        }
        using var afterwards = await onSecond.PostAsync("/v1/chat/completions", ApiApp.Json(StreamBody));
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
    }

    [PostgresFact]
    public async Task TheCallsOfAnInstanceWhoseLeaseExpiredNoLongerCount()
    {
        var settings = new Dictionary<string, string?>(InstanceLeaseTests.QuickLeases) { ["LlmPages:Chat:MaxConcurrentApiCallsPerUser"] = "1" };
        await using var api = await ApiApp.StartAsync(settings);
        var person = await api.NewPersonAsync();
        using var http = KeyedClient(api.App.ServerAddress, person.Key);
        // What an instance that died during a call leaves: its lease, no longer renewed, and the call's row.
        var dead = Guid.NewGuid();
        await api.App.WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            db.InstanceLeases.Add(new InstanceLease { Id = dead, StartedAt = now.AddMinutes(-5), ExpiresAt = now.AddSeconds(2) });
            db.RunningApiCalls.Add(new RunningApiCall { Id = Guid.NewGuid(), UserId = person.UserId, InstanceId = dead, StartedAt = now });
            return await db.SaveChangesAsync();
        });
        using (var whileAlive = await http.PostAsync("/v1/chat/completions", ApiApp.Json(StreamBody)))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, whileAlive.StatusCode);
        }

        await MonitoringSteps.WaitUntilAsync(
            async () => !await api.App.WithDbAsync(db => db.InstanceLeases.AnyAsync(l => l.Id == dead)), "the dead instance's lease to expire");
        using var afterwards = await http.PostAsync("/v1/chat/completions", ApiApp.Json(StreamBody));

        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        await MonitoringSteps.WaitUntilAsync(
            async () => !await api.App.WithDbAsync(db => db.RunningApiCalls.AnyAsync(c => c.InstanceId == dead)), "the dead instance's call to be deleted");
    }

    [PostgresFact]
    public async Task WhenTheDatabaseCannotCountTheAttemptsTheyAreAllowedAndAWarningIsLogged()
    {
        var settings = new Dictionary<string, string?> { ["LlmPages:Web:AuthAttemptsPerWindow"] = "1" };
        await using var chat = await ChatApp.StartAsync(settings);
        using var client = chat.App.CreateHtmlClient();
        // The counts' table gone: every count fails, as it would with the database away for a moment.
        await chat.App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""ALTER TABLE "RateLimitWindows" RENAME TO "RateLimitWindowsAway" """));

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync(Infrastructure.Accounts.NewEmail(), "wrong password")).Status);
        }
        var warnings = await chat.App.WaitForRowsAsync("Could not count the auth rate limit in the database", 3);
        Assert.All(warnings, w => Assert.Equal("Warning", w.Level));
    }

    private static HttpClient KeyedClient(Uri server, string key)
    {
        var http = new HttpClient { BaseAddress = server };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    private static Task CallsReachingTheModelAsync(ApiApp api, int count) =>
        MonitoringSteps.WaitUntilAsync(
            () => Task.FromResult(api.Model.Requests.Count(r => r.Path.EndsWith("chat/completions", StringComparison.Ordinal)) >= count),
            "the calls to reach the model");
}

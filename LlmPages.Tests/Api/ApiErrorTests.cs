using System.Net;
using System.Text.Json.Nodes;
using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Api;

/// <summary>
/// Every refusal of the API over plain HTTP: OpenAI's JSON error shape with the right status, the field at fault named
/// in <c>param</c>, and never one of the pages' HTML status pages or a sign-in redirect. Nothing refused reaches the model.
/// </summary>
public sealed class ApiErrorTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiApp Api => fixture.Api;

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "{\"model\":\"fake/fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}", "tools", "unsupported_parameter" },
        { "{\"model\":\"fake/fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"functions\":[{\"name\":\"f\"}]}", "functions", "unsupported_parameter" },
        { "{\"model\":\"fake/fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"n\":2}", "n", "unsupported_parameter" },
        { "{\"model\":\"fake/fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"logprobs\":true}", "logprobs", "unsupported_parameter" },
        { "{\"model\":\"fake/fake-model\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is this?\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.test/a.png\"}}]}]}", "messages[0].content[1].type", "unsupported_parameter" },
        { "{\"model\":\"fake/fake-model\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"\",\"format\":\"wav\"}}]}]}", "messages[0].content[0].type", "unsupported_parameter" },
        { "{\"model\":\"fake/fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"tool\",\"content\":\"42\",\"tool_call_id\":\"a\"}]}", "messages[1].role", "unsupported_parameter" },
        { "{\"model\":\"fake/fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"response_format\":{\"type\":\"json_object\"}}", "response_format", "unsupported_parameter" },
        { "{\"model\":\"fake/fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"temperature\":5}", "temperature", "invalid_value" },
        { "{\"model\":\"fake/fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":0}", "max_tokens", "invalid_value" },
        { "{\"model\":\"fake/fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}", "stop", "invalid_value" },
        { "{\"model\":\"fake/fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":\"yes\"}", "stream", "invalid_type" },
        { "{\"model\":\"fake/fake-model\",\"messages\":[{\"role\":\"wizard\",\"content\":\"Hi\"}]}", "messages[0].role", "invalid_value" },
        { "{\"model\":\"fake/fake-model\",\"messages\":[{\"role\":\"user\"}]}", "messages[0].content", "missing_required_parameter" },
        { "{\"model\":\"fake/fake-model\",\"messages\":[]}", "messages", "invalid_value" },
        { "{\"model\":\"fake/fake-model\"}", "messages", "missing_required_parameter" },
        { "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", "model", "missing_required_parameter" },
        { "{\"model\":\"fake/fake-model\",", "body", "invalid_json" },
        { "[1,2]", "body", "invalid_type" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task ABadBodyIsRefusedWith400NamingTheFieldAndNeverReachesTheModel(string body, string param, string code)
    {
        var person = await Api.NewPersonAsync();
        var calls = ModelCalls();
        using var http = Api.Http(person.Key);

        var response = await http.PostAsync("/v1/chat/completions", ApiApp.Json(body));

        var error = await ErrorOfAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(param, error["param"]!.GetValue<string>());
        Assert.Equal(code, error["code"]!.GetValue<string>());
        Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(error["message"]!.GetValue<string>()));
        Assert.Equal(calls, ModelCalls());
        Assert.Empty(await Api.UsageOfAsync(person.KeyId));
    }

    [Fact]
    public async Task AnUnknownModelIs404ModelNotFound()
    {
        var person = await Api.NewPersonAsync();
        using var http = Api.Http(person.Key);

        var response = await http.PostAsync("/v1/chat/completions", ApiApp.Json("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));

        var error = await ErrorOfAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("model_not_found", error["code"]!.GetValue<string>());
        Assert.Equal("model", error["param"]!.GetValue<string>());
        Assert.Contains("gpt-4o", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AModelServerThatFailsIs502AndTheCallIsLoggedAsFailed()
    {
        var person = await Api.NewPersonAsync();
        using var http = Api.Http(person.Key);
        Api.Model.Script.FailWithStatus = 500;
        try
        {
            var response = await http.PostAsync("/v1/chat/completions", ApiApp.Json("{\"model\":\"fake/fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true}"));

            var error = await ErrorOfAsync(response, HttpStatusCode.BadGateway);
            Assert.Equal("upstream_error", error["code"]!.GetValue<string>());
            Assert.Contains("500", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        finally
        {
            Api.Model.Script.FailWithStatus = null;
        }
        Assert.Equal(MessageStatus.Failed, Assert.Single(await Api.UsageOfAsync(person.KeyId)).Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("llmp_notakeyatall")]
    public async Task WithoutARightKeyTheApiIs401InJson(string? key)
    {
        using var http = Api.Http(key);

        var response = await http.PostAsync("/v1/chat/completions", ApiApp.Json("{\"model\":\"fake/fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));

        await ErrorOfAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ASignedInBrowsersCookieDoesNotOpenTheApi()
    {
        var person = await Api.NewPersonAsync();

        var response = await person.Browser.Http.GetAsync("/v1/models");

        await ErrorOfAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnAddressOrMethodTheApiDoesNotHaveIsRefusedInJson()
    {
        var person = await Api.NewPersonAsync();
        using var http = Api.Http(person.Key);

        await ErrorOfAsync(await http.GetAsync("/v1/embeddings"), HttpStatusCode.NotFound);
        var wrongMethod = await http.GetAsync("/v1/chat/completions");
        await ErrorOfAsync(wrongMethod, wrongMethod.StatusCode == HttpStatusCode.MethodNotAllowed ? HttpStatusCode.MethodNotAllowed : HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ABodyOverTheSizeLimitIs413InJson()
    {
        var person = await Api.NewPersonAsync();
        using var http = Api.Http(person.Key);
        var huge = new string('a', 2 * 1024 * 1024);

        var response = await http.PostAsync("/v1/chat/completions", ApiApp.Json($"{{\"model\":\"fake/fake-model\",\"messages\":[{{\"role\":\"user\",\"content\":\"{huge}\"}}]}}"));

        var error = await ErrorOfAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("larger than", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APersonOverTheirMonthlyQuotaGets429WithRetryAfter()
    {
        var person = await Api.NewPersonAsync();
        await Api.App.WithDbAsync(db => db.Users.Where(u => u.Id == person.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.MonthlyTokenQuota, 10)));
        using var http = Api.Http(person.Key);
        await http.PostAsync("/v1/chat/completions", ApiApp.Json("{\"model\":\"fake/fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));
        var calls = ModelCalls();

        var response = await http.PostAsync("/v1/chat/completions", ApiApp.Json("{\"model\":\"fake/fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi again\"}]}"));

        var error = await ErrorOfAsync(response, HttpStatusCode.TooManyRequests);
        Assert.Equal("insufficient_quota", error["code"]!.GetValue<string>());
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(calls, ModelCalls());
        Assert.Single(await Api.UsageOfAsync(person.KeyId));
        Assert.Equal(0, await Api.App.WithDbAsync(db => db.QuotaReservations.CountAsync(r => r.UserId == person.UserId)));
    }

    [Fact]
    public async Task CompletionsOverTheMessageRateLimitGet429WithRetryAfter()
    {
        await using var limited = await ApiApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Web:MessagesPerWindow"] = "1", ["LlmPages:Web:MessageWindow"] = "00:10:00" });
        var person = await limited.NewPersonAsync();
        using var http = limited.Http(person.Key);
        const string body = "{\"model\":\"fake/fake-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/v1/chat/completions", ApiApp.Json(body))).StatusCode);
        var response = await http.PostAsync("/v1/chat/completions", ApiApp.Json(body));

        var error = await ErrorOfAsync(response, HttpStatusCode.TooManyRequests);
        Assert.Equal("rate_limit_exceeded", error["code"]!.GetValue<string>());
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1/models")).StatusCode); // only completions count
    }

    private int ModelCalls() => Api.Model.Requests.Count(r => r.Path.EndsWith("chat/completions", StringComparison.Ordinal));

    /// <summary>The <c>error</c> object of an OpenAI-shaped error response with this status.</summary>
    internal static async Task<JsonNode> ErrorOfAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {status}, got {response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonNode.Parse(text)!["error"]!;
        Assert.NotNull(error["message"]);
        Assert.NotNull(error["type"]);
        return error;
    }
}

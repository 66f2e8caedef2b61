using System.Net;
using System.Text;
using AngleSharp.Html.Dom;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Profile;
using LlmPages.Tests.Projects;

namespace LlmPages.Tests.Security;

/// <summary>
/// Every form the app shows, posted with missing, oversized, wrongly typed and malformed values: the answer is a
/// page with a message (200 or 4xx), never a 500, and never a stack trace.
/// </summary>
public sealed class BadInputTests
{
    /// <summary>Forms not fuzzed here, and why.</summary>
    private static readonly string[] NotFuzzed =
    [
        "/account/logout", // signs the fuzzing admin out; it takes no input
        "/profile/sign-out-everywhere", // likewise
    ];

    private static readonly string Oversized = new('x', 300_000);

    public static IEnumerable<Func<List<KeyValuePair<string, string>>, List<KeyValuePair<string, string>>>> Mutations()
    {
        yield return fields => [.. fields.Where(f => f.Key == "__RequestVerificationToken")]; // everything missing
        yield return fields => [.. fields.Select(f => Keep(f) ? f : new(f.Key, Oversized))];
        yield return fields => [.. fields.Select(f => Keep(f) ? f : new(f.Key, "not-a-number"))];
        yield return fields => [.. fields.Select(f => Keep(f) ? f : new(f.Key, "-99999999999999999999"))];
        yield return fields => [.. fields.Select(f => Keep(f) ? f : new(f.Key, "1e309"))];
        yield return fields => [.. fields.Select(f => Keep(f) ? f : new(f.Key, "\0\u202e<script>alert(1)</script>\uffff"))];
        yield return fields => [.. fields, .. fields.Where(f => !Keep(f)).Select(f => new KeyValuePair<string, string>(f.Key, "second value"))];
        yield return fields => [.. fields, new("Input.Unknown[0].Deep.Path", "x"), new("Settings.ModelId[]", "1")];
    }

    private static bool Keep(KeyValuePair<string, string> field) => field.Key == "__RequestVerificationToken";

    /// <summary>Deleting one's account asks for the password, which no mutation has (and the fuzzing admin is the last admin).</summary>
    private static bool Fuzzable(string action) => action.StartsWith("/profile/delete", StringComparison.Ordinal);

    [Fact]
    public async Task NoFormAnswersBadInputWithAServerError()
    {
        await using var chat = await ChatApp.StartAsync();
        using var admin = chat.App.CreateHtmlClient();
        await admin.LoginAsync(AppFactory.AdminEmail);
        var projectId = await admin.NewProjectAsync("Fuzzed project");
        var conversationId = (await admin.StartChatInProjectAsync(projectId, "Fuzz me")).ConversationId();
        var messages = await chat.App.MessagesAsync(conversationId);
        var person = Infrastructure.Accounts.NewEmail("fuzzed-person");
        using (var client = chat.App.CreateHtmlClient())
        {
            await client.RegisterAsync(person);
        }
        var personId = await chat.App.UserIdAsync(person);
        await Admin.AdminSteps.CreatePromptAsync(admin, "Fuzzed prompt", "Today is {{date}}.");
        var promptId = (await Admin.AdminSteps.PromptAsync(chat.App, "Fuzzed prompt")).Id;
        await ApiKeyPages.ApiKeySteps.CreateApiKeyAsync(admin, "Fuzzed key");
        var keyId = (await ApiKeyPages.ApiKeySteps.ApiKeyAsync(chat.App, "Fuzzed key")).Id;
        var pages = new[]
        {
            "/admin/users", "/admin/users/new", "/admin/users/registration", $"/admin/users/{personId}/edit",
            $"/admin/users/{personId}/deactivate", $"/admin/users/{personId}/reset-password",
            "/account/register", "/account/login", "/chat", $"/chat/{conversationId}", $"/chat/{conversationId}/rename",
            $"/chat/{conversationId}/messages/{messages[0].Id}/edit", "/admin/ai-types/new", "/admin/providers/new",
            "/admin/models/new", "/admin/providers", "/admin/prompts/new", $"/admin/prompts/{promptId}/edit", "/admin/prompts", "/projects/new", $"/projects/{projectId}", $"/projects/{projectId}/edit",
            $"/chat?projectId={projectId}", $"/chat/{conversationId}/move", "/history", "/export", "/import", "/settings", "/profile", "/profile/password", "/profile/delete",
            "/profile/api-keys", "/profile/api-keys/new", $"/profile/api-keys/{keyId}/revoke", "/admin/api-keys", $"/admin/api-keys/{keyId}/revoke",
        };

        var problems = new List<string>();
        var posted = 0;
        var fuzzed = new HashSet<string>();
        foreach (var url in pages)
        {
            var page = await admin.GetAsync(url);
            // Search and filter forms (GET): the same values in the query string.
            foreach (var form in page.Document.QuerySelectorAll("form[method=get]").OfType<IHtmlFormElement>())
            {
                var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? url : form.GetAttribute("action")!;
                var mutation = 0;
                foreach (var mutate in Mutations())
                {
                    mutation++;
                    var query = string.Join('&', mutate(Fields(form)).Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value[..Math.Min(f.Value.Length, 2000)])}"));
                    using var response = await admin.Http.GetAsync($"{action}?{query}");
                    posted++;
                    fuzzed.Add("GET " + action);
                    var body = await response.Content.ReadAsStringAsync();
                    if ((int)response.StatusCode >= 500 || body.Contains("   at ", StringComparison.Ordinal))
                    {
                        problems.Add($"GET {action} (from {url}), mutation {mutation}, answered {(int)response.StatusCode}");
                    }
                }
            }
            // Each form's action, and the other actions its buttons post to (formaction), such as the history's.
            var targets = page.Document.QuerySelectorAll("form[method=post]").OfType<IHtmlFormElement>()
                .SelectMany(form => new[] { string.IsNullOrEmpty(form.GetAttribute("action")) ? url : form.GetAttribute("action")! }
                    .Concat(form.QuerySelectorAll("button[formaction]").Select(b => b.GetAttribute("formaction")!))
                    .Distinct()
                    .Select(action => (Form: form, Action: action)));
            foreach (var (form, action) in targets)
            {
                if (NotFuzzed.Any(n => action.StartsWith(n, StringComparison.OrdinalIgnoreCase)) || (action.Contains("/delete", StringComparison.Ordinal) && !Fuzzable(action)))
                {
                    continue;
                }
                fuzzed.Add(action);
                var fields = Fields(form);
                var mutation = 0;
                foreach (var mutate in Mutations())
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(mutate(fields)) };
                    using var response = await admin.Http.SendAsync(request);
                    posted++;
                    mutation++;
                    var body = await response.Content.ReadAsStringAsync();
                    if ((int)response.StatusCode >= 500 || body.Contains("   at ", StringComparison.Ordinal))
                    {
                        problems.Add($"POST {action} (from {url}), mutation {mutation}, answered {(int)response.StatusCode}");
                    }
                }
                // Malformed bodies: a broken percent-encoding, and a body that claims to be a form but is not.
                foreach (var (content, type) in new[] { ("Input.Text=%E0%A4%A&x=%zz", "application/x-www-form-urlencoded"), ("{\"not\":\"a form\"}", "application/json") })
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new StringContent(content, Encoding.UTF8, type) };
                    request.Headers.Add("RequestVerificationToken", fields.First(f => Keep(f)).Value);
                    using var response = await admin.Http.SendAsync(request);
                    posted++;
                    if ((int)response.StatusCode >= 500)
                    {
                        problems.Add($"POST {action} with a malformed {type} body answered {(int)response.StatusCode}");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct())
            + "\n" + string.Join("\n", chat.App.Logs.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).Select(l => l[..Math.Min(l.Length, 600)]).Distinct().Take(5)));
        Assert.True(posted > 60, $"Only {posted} posts were made.");
        Assert.Contains("GET /history", fuzzed);
        Assert.Contains("GET /admin/users", fuzzed);
        Assert.Contains($"/admin/users/{personId}/edit", fuzzed);
        Assert.Contains("/profile/api-keys/new", fuzzed);
        Assert.Contains($"/profile/api-keys/{keyId}/revoke", fuzzed);
        Assert.Contains("GET /admin/api-keys", fuzzed);
        Assert.Contains(fuzzed, a => a.StartsWith("/admin/api-keys?handler=Access", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(fuzzed, a => a.Contains("handler=ApiAccess", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(fuzzed, a => a.StartsWith("/history?handler=move", StringComparison.Ordinal));
        Assert.Contains(fuzzed, a => a.StartsWith("/history?handler=unarchive", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ABodyThatIsNotAFormToTheHistorysDeleteIsAnsweredWithoutAServerError()
    {
        // The fuzzer above leaves delete actions alone; this one deletes nothing whatever it is sent.
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var token = (await user.GetAsync("/history")).Token();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/history/delete") { Content = new StringContent("{\"ids\":[]}", Encoding.UTF8, "application/json") };
        request.Headers.Add("RequestVerificationToken", token);

        using var response = await user.Http.SendAsync(request);

        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}");
    }

    [Fact]
    public async Task AnOversizedBodyIsRefusedWith413NotAServerError()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var page = await user.GetAsync("/chat");
        var token = page.Token();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/chat")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Input.Text"] = new string('y', 5_000_000),
            }),
        };
        using var response = await user.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private static List<KeyValuePair<string, string>> Fields(IHtmlFormElement form) =>
        [.. form.Elements.Where(e => !string.IsNullOrEmpty(e.GetAttribute("name")))
            .Select(e => new KeyValuePair<string, string>(e.GetAttribute("name")!, e switch
            {
                IHtmlInputElement input => input.Value,
                IHtmlTextAreaElement textarea => textarea.Value,
                IHtmlSelectElement select => select.Value ?? "",
                _ => "",
            }))];
}

using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.ApiKeyPages;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Profile;
using LlmPages.Tests.Projects;
using LlmPages.Tests.Settings;
using LlmPages.Tests.Transfers;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.Web;

/// <summary>
/// Every page is valid HTML by the Nu HTML Checker (htmx's own attributes aside): every page an admin and a person
/// reach by following links, a chat with a finished, a failed and a streaming reply, the page a reply streams into
/// without JavaScript, forms showing their errors, and the error pages. One checker run for all of them.
/// </summary>
[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
public sealed class HtmlValidityTests
{
    private const string Markdown =
        "# A heading\n\nSome **bold**, *emphasis*, `code` and a [link](https://example.com).\n\n" +
        "```csharp\nvar answer = 42;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- one\n- two\n\n> quoted\n";

    [Fact]
    public async Task EveryPageIsValidHtml()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false" });
        var pages = new List<(string Name, string Html)>();
        void Add(string name, HtmlPage page) => pages.Add((name, page.Html));

        using var anonymous = chat.App.CreateHtmlClient();
        Add("login, wrong password", await anonymous.LoginAsync(Infrastructure.Accounts.NewEmail(), "wrong password"));
        Add("register, errors", await anonymous.RegisterAsync("not-an-email", "", "short"));
        foreach (var code in new[] { 400, 403, 404, 405, 413, 429, 500, 503 })
        {
            Add($"error {code}", await anonymous.GetAsync($"/error/{code}"));
        }
        Add("unknown address", await anonymous.GetAsync("/no/such/page"));

        using var admin = chat.App.CreateHtmlClient();
        await admin.LoginAsync(AppFactory.AdminEmail);
        // A library prompt, so the chat and settings pages offer one.
        await admin.CreatePromptAsync("Valid prompt", "Today is {{date}}.", "Checked by the Nu HTML Checker");
        using var person = await chat.NewUserAsync();
        chat.Model.Script.Tokens = [.. Markdown.Chunk(16).Select(c => new string(c))];
        var streamed = await person.StartChatAsync("Show me some Markdown");
        Add("chat, streamed without JavaScript", streamed);
        var conversationId = streamed.ConversationId();
        chat.Model.Script.FailWithStatus = 500;
        Add("chat, after a failed reply", await person.SendAsync(conversationId, "This one fails"));
        chat.Model.Script.FailWithStatus = null;
        chat.Model.Script.Tokens = ["Started", " and never finished"];
        chat.Model.Script.TokenDelay = Infrastructure.FakeModels.FakeScript.Forever;
        await person.SendWithHtmxAsync(conversationId, "This one streams");
        var states = await person.GetAsync($"/chat/{conversationId}");
        var statuses = (await chat.App.MessagesAsync(conversationId)).Where(m => m.Role == MessageRole.Assistant).Select(m => m.Status).ToList();
        Assert.Equal([MessageStatus.Complete, MessageStatus.Failed, MessageStatus.Streaming], statuses);
        Add("chat, finished, failed and streaming replies", states);
        Add("chat settings, errors", await person.SaveSettingsAsync(conversationId, new Dictionary<string, string>
        {
            ["Settings.Temperature"] = "hot",
            ["Settings.MaxTokens"] = "-5",
        }));
        Add("projects, none yet", await person.GetAsync("/projects"));
        var projectId = await person.NewProjectAsync("Valid project", new Dictionary<string, string>
        {
            ["Input.Description"] = "Checked by the Nu HTML Checker",
            ["Input.Defaults.SystemPrompt"] = "Line one\nLine two",
        });
        var filed = (await person.StartChatInProjectAsync(projectId, "A chat in a project")).ConversationId();
        Add("new project, errors", await person.CreateProjectAsync("", new Dictionary<string, string>
        {
            ["Input.Defaults.Temperature"] = "hot",
            ["Input.Defaults.MaxTokens"] = "-5",
            ["Input.Defaults.ModelId"] = "999",
        }));
        Add("edit project, errors", await person.EditProjectAsync(projectId, new Dictionary<string, string> { ["Input.Name"] = "" }));
        Add("move chat, error", await person.PostWithTokenAsync($"/chat/{filed}/move", new Dictionary<string, string> { ["ProjectId"] = "nowhere" }));
        Add("delete project, no choice", await person.PostWithTokenAsync($"/projects/{projectId}/delete"));
        Add("error 404 signed in", await person.GetAsync("/no/such/page"));
        await AddTransfersAsync(chat, person, Add);
        Add("settings, errors", await person.SaveSettingsAsync(new Dictionary<string, string>
        {
            ["Input.DefaultTemperature"] = "hot",
            ["Input.Theme"] = "Purple",
        }));
        Add("settings, prompt variable error", await person.SaveSettingsAsync(new Dictionary<string, string> { ["Input.DefaultSystemPrompt"] = "Hi {{nme}}" }));
        var personId = await chat.App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Users.Where(u => u.DisplayName == "Chat Person").Select(u => u.Id)));
        await chat.App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteUpdateAsync(
            db.Users.Where(u => u.Id == personId), s => s.SetProperty(u => u.MonthlyTokenQuota, 1L)));
        Add("chat, over the monthly quota", await person.SendAsync(filed, "Over quota"));
        Add("profile, quota used up", await person.GetAsync("/profile"));
        Add("profile, errors", await person.SaveDetailsAsync(new Dictionary<string, string> { ["Input.Email"] = "nope", ["Input.DisplayName"] = "" }));
        Add("password, errors", await person.ChangePasswordAsync("wrong", "short", "other"));
        Add("delete account, errors", await person.DeleteAccountAsync("wrong"));
        Add("new API key, errors", await person.CreateApiKeyAsync("", "someday"));
        Add("new API key, shown once", await person.CreateApiKeyAsync("Valid key", DateTime.UtcNow.AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        var keyId = (await chat.App.ApiKeyAsync("Valid key")).Id;
        Add("revoke API key", await person.GetAsync($"/profile/api-keys/{keyId}/revoke"));
        foreach (var (url, page) in await PageCrawler.CrawlAsync(person))
        {
            Add("person " + url, page);
        }

        Add("new prompt, errors", await admin.CreatePromptAsync("", "Hello {{usr_name}"));
        Add("new provider, errors", await admin.CreateProviderAsync("", baseUrl: "not a url"));
        var provider = await chat.App.ProviderAsync("Fake");
        Add("provider, connection tested", await admin.SubmitAsync(await admin.GetAsync($"/admin/providers/{provider.Id}"), "form[action$='/test']"));
        Add("new model, errors", await admin.SubmitAsync(await admin.GetAsync($"/admin/models/new?provider={provider.Id}"), "main form.form",
            new Dictionary<string, string> { ["Input.ContextWindow"] = "lots", ["Input.InputPricePerMillion"] = "free" }));
        Add("monitoring, filter errors", await admin.GetAsync("/admin/monitoring?from=31/12/2026&level=Loud"));
        Add("audit, filter errors", await admin.GetAsync("/admin/audit?from=2026-02-01&to=2026-01-01"));
        // A long message with an exception: the monitoring page folds it into a <details>.
        Microsoft.Extensions.Logging.LoggerExtensions.LogError(
            chat.App.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>().CreateLogger("Tests.Validity"),
            new InvalidOperationException("<b>cause</b>"), "{Text}", "validity " + new string('x', 400) + " <script>alert(1)</script>");
        await Monitoring.MonitoringSteps.WaitForRowsAsync(chat.App, "validity ");
        await AddUserAdminAsync(chat, admin, anonymous, Add);
        Add("usage, range errors", await admin.GetAsync("/admin/usage?from=2026-13-01&to=soon"));
        Add("performance, range error", await admin.GetAsync("/admin/performance?from=2026-05-10&to=2026-05-01"));
        Add("admin revoke API key", await admin.GetAsync($"/admin/api-keys/{keyId}/revoke"));
        Add("API access, error", await admin.PostWithTokenAsync("/admin/api-keys?handler=Access", new Dictionary<string, string> { ["Access"] = "maybe" }));
        foreach (var (url, page) in await PageCrawler.CrawlAsync(admin))
        {
            Add("admin " + url, page);
        }
        Assert.Contains(pages, p => p.Name == "admin /admin/monitoring" && p.Html.Contains("<details", StringComparison.Ordinal));
        Assert.Contains(pages, p => p.Name == "admin /admin/audit" && p.Html.Contains("sign-in", StringComparison.Ordinal));

        Assert.Contains(pages, p => p.Name == "admin /admin/providers" && p.Html.Contains("<time datetime=", StringComparison.Ordinal));
        Assert.Contains(pages, p => p.Name == "admin /admin/users" && p.Html.Contains("Valid Person", StringComparison.Ordinal));
        Assert.Contains(pages, p => p.Name.StartsWith("admin /admin/users/", StringComparison.Ordinal) && p.Name.EndsWith("/deactivate", StringComparison.Ordinal));
        // The usage pages were reached with usage to draw (the chat's replies): their charts and tables were checked.
        Assert.Contains(pages, p => p.Name == "admin /admin/usage" && p.Html.Contains("<svg", StringComparison.Ordinal));
        Assert.Contains(pages, p => p.Name == "admin /admin/performance" && p.Html.Contains("id=\"performance\"", StringComparison.Ordinal));
        Assert.Contains(pages, p => p.Name == "person /" && p.Html.Contains("<time datetime=", StringComparison.Ordinal));
        Assert.Contains(pages, p => p.Name == $"person /projects/{projectId}" && p.Html.Contains("A chat in a project", StringComparison.Ordinal));
        Assert.Contains(pages, p => p.Name == $"person /projects/{projectId}/delete");
        Assert.Contains(pages, p => p.Name.StartsWith($"person /chat/{filed}/move", StringComparison.Ordinal));
        Assert.Contains(pages, p => p.Name.StartsWith("admin /admin/prompts/", StringComparison.Ordinal) && p.Name.EndsWith("/delete", StringComparison.Ordinal));
        Assert.Contains(pages, p => p.Name == "chat, over the monthly quota" && p.Html.Contains("tokens for this month", StringComparison.Ordinal));
        var errors = await HtmlChecker.ErrorsAsync(pages);

        Assert.True(errors.Count == 0, $"{errors.Count} errors in {pages.Count} pages:\n" + string.Join("\n", errors.Distinct().Take(60)));
        Assert.True(pages.Count >= 30, $"Only {pages.Count} pages checked.");
    }

    /// <summary>The Users pages with their errors, a temporary password shown, the approval queue, and registration closed.</summary>
    private static async Task AddUserAdminAsync(ChatApp chat, HtmlClient admin, HtmlClient anonymous, Action<string, HtmlPage> add)
    {
        add("add person, errors", await admin.AddPersonAsync("not-an-email", "", password: "short"));
        var email = Infrastructure.Accounts.NewEmail("valid-person");
        var added = await admin.AddPersonAsync(email, "Valid Person");
        add("add person, temporary password", added);
        var personId = await chat.App.UserIdAsync(email);
        add("edit person, errors", await admin.SaveUserAsync(personId, "User", "lots"));
        add("reset password, shown", await admin.ConfirmAsync(personId, "reset-password"));
        using (var person = chat.App.CreateHtmlClient())
        {
            add("password, temporary", await person.LoginAsync(email, added.Text("main code")));
        }
        await admin.SubmitAsync(await admin.GetAsync("/admin/users/registration"), "main form", new Dictionary<string, string> { ["Mode"] = "Approval" });
        var waiting = Infrastructure.Accounts.NewEmail("waiting");
        add("register, awaits approval", await anonymous.RegisterAsync(waiting, "Wai Ting"));
        add("login, awaits approval", await anonymous.LoginAsync(waiting));
        add("users, awaiting approval", await admin.GetAsync("/admin/users?state=pending"));
        add("reject", await admin.GetAsync($"/admin/users/{await chat.App.UserIdAsync(waiting)}/reject"));
        add("registration, errors", await admin.SubmitAsync(await admin.GetAsync("/admin/users/registration"), "main form", new Dictionary<string, string> { ["Mode"] = "Sometimes" }));
        await admin.SubmitAsync(await admin.GetAsync("/admin/users/registration"), "main form", new Dictionary<string, string> { ["Mode"] = "Closed" });
        add("register, closed", await anonymous.GetAsync("/account/register"));
        await admin.SubmitAsync(await admin.GetAsync("/admin/users/registration"), "main form", new Dictionary<string, string> { ["Mode"] = "Open" });
    }

    /// <summary>An export waiting, counting and ready; the import form with its error; an import that failed and one that worked.</summary>
    private static async Task AddTransfersAsync(ChatApp chat, HtmlClient person, Action<string, HtmlPage> add)
    {
        var export = await person.StartExportAsync();
        add("export, waiting", export);
        var exportId = export.TransferId();
        await chat.App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteUpdateAsync(
            db.ChatTransfers.Where(t => t.Id == exportId), s => s.SetProperty(t => t.Status, ChatTransferStatus.Running).SetProperty(t => t.Total, 10).SetProperty(t => t.Done, 3)));
        add("export, running", await person.GetAsync($"/export/{exportId}"));
        await chat.App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteUpdateAsync(
            db.ChatTransfers.Where(t => t.Id == exportId), s => s.SetProperty(t => t.Status, ChatTransferStatus.Waiting)));
        await chat.App.RunTransferJobsAsync();
        add("export, ready", await person.GetAsync($"/export/{exportId}"));
        add("import, no file", await person.SubmitAsync(await person.GetAsync("/import"), "main form[enctype]"));
        var failed = await person.UploadAsync("not JSON", "notes.json");
        var chatGpt = new ChatGptExport();
        var one = chatGpt.Add("Imported");
        one.CurrentNode = one.Message("client-created-root", "user", "Hello", ChatGptExport.Start + 1);
        var worked = await person.UploadAsync(chatGpt.ToString());
        await chat.App.RunTransferJobsAsync();
        add("import, failed", await person.GetAsync(failed.Url.AbsolutePath));
        add("import, done", await person.GetAsync(worked.Url.AbsolutePath));
    }
}

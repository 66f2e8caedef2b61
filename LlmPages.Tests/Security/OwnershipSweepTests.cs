using System.Net;
using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.ApiKeyPages;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Projects;
using LlmPages.Tests.Transfers;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.Security;

/// <summary>
/// Every route the app maps that takes an id, called by user B with user A's ids, answers 404 and changes nothing.
/// The routes come from the app's own endpoint data source, so a new route is swept without editing this test;
/// a route parameter this test does not know fails it until it is taught (or the route listed as unsweepable).
/// </summary>
public sealed class OwnershipSweepTests
{
    /// <summary>Routes with ids that are not user-owned, and why they are not swept here.</summary>
    private static readonly Dictionary<string, string> NotSwept = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/admin"] = "Admin pages edit shared configuration, not a user's data; RoleGateTests shows users get 403 there.",
        ["/error"] = "The error page takes a status code, not an id.",
        ["{**path"] = "A catch-all route serves public static files by path, not anyone's data.",
    };

    [Fact]
    public async Task EveryRouteWithAnIdIsNotFoundForAnotherUser()
    {
        await using var chat = await ChatApp.StartAsync();
        chat.Model.Script.Tokens = ["Private", " answer"];
        using var owner = await chat.NewUserAsync("Owner");
        using var other = await chat.NewUserAsync("Other");
        var projectId = await owner.NewProjectAsync("My secret project");
        var page = await owner.StartChatInProjectAsync(projectId, "My secret question");
        var conversationId = page.ConversationId();
        var messages = await chat.App.MessagesAsync(conversationId);
        var question = messages.First(m => m.Role == MessageRole.User);
        var reply = messages.First(m => m.Role == MessageRole.Assistant);
        var exportId = (await owner.StartExportAsync()).TransferId();
        var chatGpt = new ChatGptExport();
        var imported = chatGpt.Add("Imported");
        imported.CurrentNode = imported.Message("client-created-root", "user", "Hello", ChatGptExport.Start + 1);
        var importId = (await owner.UploadAsync(chatGpt.ToString())).TransferId();
        var keyName = AdminSteps.Unique("Owner's key");
        await owner.CreateApiKeyAsync(keyName);
        var keyId = (await chat.App.ApiKeyAsync(keyName)).Id;
        var ids = new Dictionary<string, string>
        {
            ["id"] = conversationId.ToString(),   // under /chat: the conversation
            ["replyId"] = reply.Id.ToString(),    // a reply being written (its generation)
            ["mid"] = question.Id.ToString(),     // a message (the question; replies are covered by replyId)
            ["projectId"] = projectId.ToString(), // a project (the conversation is in it)
            ["exportId"] = exportId.ToString(),   // an export of all the owner's chats (its progress page and download)
            ["importId"] = importId.ToString(),   // an import of a file (its progress page)
            ["keyId"] = keyId.ToString(),         // an API key (its revoke page)
        };
        var token = (await other.GetAsync("/chat")).Token();

        var swept = new List<string>();
        var failures = new List<string>();
        foreach (var (pattern, handlers, methods) in await RoutesAsync(chat.App))
        {
            var parameters = pattern.Parameters.Where(p => p.Name is not "handler" and not "page").ToList();
            if (parameters.Count == 0 || NotSwept.Keys.Any(prefix => pattern.RawText!.TrimStart('/').StartsWith(prefix.TrimStart('/'), StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            var unknown = parameters.Where(p => !ids.ContainsKey(p.Name)).Select(p => p.Name).ToList();
            if (unknown.Count > 0)
            {
                failures.Add($"{pattern.RawText}: unknown id parameter(s) {string.Join(", ", unknown)}; teach the sweep or list the route in NotSwept with a reason");
                continue;
            }
            foreach (var handler in handlers.DefaultIfEmpty(null))
            {
                var url = Url(pattern, ids, handler);
                foreach (var method in methods)
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), url);
                    if (method != "GET")
                    {
                        request.Content = new FormUrlEncodedContent(new Dictionary<string, string>
                        {
                            ["__RequestVerificationToken"] = token,
                            ["Input.Text"] = "hijack",
                            ["Input.Title"] = "hijacked",
                            ["Input.Name"] = "hijacked",
                            ["Chats"] = "delete",
                            ["confirmed"] = "true",
                        });
                    }
                    using var response = await other.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                    swept.Add($"{method} {url}");
                    if (response.StatusCode != HttpStatusCode.NotFound)
                    {
                        failures.Add($"{method} {url} answered {(int)response.StatusCode}, not 404");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Contains(swept, s => s.Contains("/events", StringComparison.Ordinal));
        Assert.Contains(swept, s => s.StartsWith("POST", StringComparison.Ordinal) && s.Contains("/stop", StringComparison.Ordinal));
        Assert.Contains(swept, s => s.StartsWith("POST", StringComparison.Ordinal) && s.EndsWith($"/projects/{projectId}/delete", StringComparison.Ordinal));
        Assert.Contains(swept, s => s.StartsWith("POST", StringComparison.Ordinal) && s.EndsWith("/move", StringComparison.Ordinal));
        Assert.Contains($"GET /export/{exportId}/download", swept);
        Assert.Contains($"GET /import/{importId}", swept);
        Assert.Contains($"GET /chat/{conversationId}/export", swept);
        Assert.Contains($"POST /profile/api-keys/{keyId}/revoke", swept);
        Assert.True(swept.Count >= 15, "Swept only:\n" + string.Join("\n", swept));

        // Nothing of the owner's changed.
        var after = await chat.App.MessagesAsync(conversationId);
        Assert.Equal(messages.Select(m => (m.Id, m.Content, m.Status)), after.Select(m => (m.Id, m.Content, m.Status)));
        var title = await chat.App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions
            .SingleAsync(db.Conversations, c => c.Id == conversationId));
        Assert.NotEqual("hijacked", title.Title);
        Assert.Equal(projectId, title.ProjectId);
        var project = await chat.App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions
            .SingleAsync(db.Projects, p => p.Id == projectId));
        Assert.Equal("My secret project", project.Name);
        Assert.Null((await chat.App.ApiKeyAsync(keyName)).RevokedAt);
    }

    /// <summary>
    /// Pages that take the ids of chats in the form (several at once: <c>ids</c>, or a row's own button: <c>only</c>), not in
    /// the route. Every POST handler of every page under these paths is swept with the owner's chat in each of those fields.
    /// </summary>
    private static readonly string[] FormIdPages = ["/history"];

    [Fact]
    public async Task EveryActionThatTakesChatsInTheFormIsNotFoundForAnotherUsersChats()
    {
        await using var chat = await ChatApp.StartAsync();
        chat.Model.Script.Tokens = ["Private", " answer"];
        using var owner = await chat.NewUserAsync("Owner");
        using var other = await chat.NewUserAsync("Other");
        var conversationId = (await owner.StartChatAsync("My secret question")).ConversationId();
        var token = (await other.GetAsync("/history")).Token();

        var swept = new List<string>();
        var failures = new List<string>();
        foreach (var (pattern, handlers, methods) in await RoutesAsync(chat.App))
        {
            if (!FormIdPages.Any(p => ("/" + pattern.RawText!.TrimStart('/')).StartsWith(p, StringComparison.OrdinalIgnoreCase)) || !methods.Contains("POST"))
            {
                continue;
            }
            foreach (var handler in handlers.DefaultIfEmpty(null))
            {
                var url = Url(pattern, [], handler);
                foreach (var field in new[] { "ids", "only" })
                {
                    using var response = await other.Http.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
                    {
                        ["__RequestVerificationToken"] = token,
                        [field] = conversationId.ToString(),
                        ["moveTo"] = "none",
                        ["confirmed"] = "true",
                    }));
                    swept.Add($"POST {url} ({field})");
                    if (response.StatusCode != HttpStatusCode.NotFound)
                    {
                        failures.Add($"POST {url} with the owner's chat in '{field}' answered {(int)response.StatusCode}, not 404");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(swept.Count >= 8, "Swept only:\n" + string.Join("\n", swept)); // archive, unarchive, move and delete, two ways each
        var after = await chat.App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions
            .SingleOrDefaultAsync(db.Conversations, c => c.Id == conversationId));
        Assert.NotNull(after);
        Assert.False(after.IsArchived);
    }

    /// <summary>Each route pattern with the page handlers it has (by name) and the HTTP methods to try.</summary>
    private static async Task<List<(RoutePattern Pattern, List<string?> Handlers, string[] Methods)>> RoutesAsync(AppFactory app)
    {
        var routes = new List<(RoutePattern, List<string?>, string[])>();
        var loader = app.Services.GetRequiredService<PageLoader>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var httpMethods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                var handlers = compiled.HandlerMethods
                    .Select(h => (h.HttpMethod, h.Name))
                    .ToList();
                foreach (var group in handlers.GroupBy(h => h.Name))
                {
                    routes.Add((endpoint.RoutePattern, [group.Key], [.. group.Select(h => h.HttpMethod.ToUpperInvariant()).Distinct()]));
                }
            }
            else
            {
                routes.Add((endpoint.RoutePattern, [], httpMethods is { Count: > 0 } m ? [.. m] : ["GET", "POST"]));
            }
        }
        return routes;
    }

    private static string Url(RoutePattern pattern, Dictionary<string, string> ids, string? handler)
    {
        var segments = new List<string>();
        foreach (var segment in pattern.PathSegments)
        {
            var text = string.Concat(segment.Parts.Select(part => part switch
            {
                RoutePatternLiteralPart literal => literal.Content,
                RoutePatternParameterPart { Name: "handler" } => handler?.ToLowerInvariant() ?? "",
                RoutePatternParameterPart parameter => ids[parameter.Name],
                RoutePatternSeparatorPart separator => separator.Content,
                _ => "",
            }));
            if (text.Length > 0)
            {
                segments.Add(text);
            }
        }
        var url = "/" + string.Join('/', segments);
        // A handler that is not in the route is chosen with ?handler=.
        return handler is not null && !pattern.Parameters.Any(p => p.Name == "handler") ? $"{url}?handler={handler}" : url;
    }
}

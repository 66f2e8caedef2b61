using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.History;

/// <summary>The history through its real forms and links, as a browser without JavaScript uses them.</summary>
public static class HistorySteps
{
    /// <summary>Fills the history's search form (from /history) and submits it, as a person would.</summary>
    public static async Task<HtmlPage> SearchAsync(this HtmlClient client, string words, IReadOnlyDictionary<string, string>? more = null)
    {
        var page = await client.GetAsync("/history");
        var values = new Dictionary<string, string>(more ?? new Dictionary<string, string>()) { ["q"] = words };
        return await client.SubmitAsync(page, "form[role=search]", values);
    }

    /// <summary>The titles the page lists, in order.</summary>
    public static List<string> Titles(this HtmlPage page) =>
        [.. page.FindAll(".history-item__title").Select(t => t.TextContent.Trim())];

    /// <summary>The snippet shown for a chat, as HTML.</summary>
    public static string? SnippetHtml(this HtmlPage page, Guid conversationId) =>
        page.Find($".history-item:has(a[href='/chat/{conversationId}']) .history-item__snippet")?.InnerHtml;

    /// <summary>Ticks these chats' boxes on the page (as a person would before pressing an action).</summary>
    public static HtmlPage Tick(this HtmlPage page, params Guid[] conversationIds)
    {
        foreach (var id in conversationIds)
        {
            var box = page.Find($"#select-{id:N}") ?? throw new InvalidOperationException($"No box for {id} on {page.Url}.");
            box.SetAttribute("checked", "checked");
        }
        return page;
    }

    /// <summary>Presses one of the buttons of the history's form (the bar's or a row's).</summary>
    public static Task<HtmlPage> PressAsync(this HtmlClient client, HtmlPage page, string button, IReadOnlyDictionary<string, string>? values = null) =>
        client.SubmitAsync(page, "#history-selection", values, submitter: button);

    /// <summary>A new chat whose reply is <paramref name="reply"/>, finished; returns its id.</summary>
    public static async Task<Guid> ChatAsync(this ChatApp chat, HtmlClient client, string question, string reply)
    {
        chat.Model.Script.Tokens = [reply];
        var id = (await client.StartChatAsync(question)).ConversationId();
        var saved = (await chat.App.MessagesAsync(id)).Last(m => m.Role == MessageRole.Assistant);
        await chat.App.WaitForReplyAsync(saved.Id);
        return id;
    }

    /// <summary>
    /// Chats written straight into the database for <paramref name="ownerName"/> (a person's display name), each with its
    /// project (by name, made when first named), model, last activity and archived state: for the list's filters and
    /// pages, which need many chats, not their messages.
    /// </summary>
    public static Task<Dictionary<string, Guid>> SeedChatsAsync(this AppFactory app, string ownerName, params SeededChat[] chats) =>
        app.WithDbAsync(async db =>
        {
            var owner = await db.Users.Where(u => u.DisplayName == ownerName).Select(u => u.Id).SingleAsync();
            var modelId = await db.AiModels.Select(m => m.Id).FirstAsync();
            var projects = new Dictionary<string, Project>();
            var ids = new Dictionary<string, Guid>();
            foreach (var seeded in chats)
            {
                Project? project = null;
                if (seeded.Project is { } name && !projects.TryGetValue(name, out project))
                {
                    project = projects[name] = (await db.Projects.SingleOrDefaultAsync(p => p.OwnerId == owner && p.Name == name))
                        ?? db.Projects.Add(new Project { OwnerId = owner, Name = name }).Entity;
                }
                var conversation = new Conversation
                {
                    OwnerId = owner,
                    Title = seeded.Title,
                    Project = project,
                    ModelId = seeded.WithModel ? modelId : null,
                    CreatedAt = seeded.ActiveAt,
                    UpdatedAt = seeded.ActiveAt,
                    IsArchived = seeded.Archived,
                };
                db.Conversations.Add(conversation);
                ids[seeded.Title] = conversation.Id;
            }
            await db.SaveChangesAsync();
            return ids;
        });

    /// <summary>The id of one of <paramref name="ownerName"/>'s projects.</summary>
    public static Task<Guid> ProjectIdAsync(this AppFactory app, string ownerName, string project) =>
        app.WithDbAsync(db => db.Projects.Where(p => p.Owner.DisplayName == ownerName && p.Name == project).Select(p => p.Id).SingleAsync());

    /// <summary>Opens a view of the history by its query string, as a link would.</summary>
    public static Task<HtmlPage> HistoryAsync(this HtmlClient client, string query = "") => client.GetAsync("/history" + query);
}

/// <summary>A chat for <see cref="HistorySteps.SeedChatsAsync"/>.</summary>
public sealed record SeededChat(string Title, DateTime ActiveAt, string? Project = null, bool WithModel = true, bool Archived = false);

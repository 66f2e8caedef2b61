using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Projects;

/// <summary>Project steps done through the real forms, and reads and seeds of what is saved.</summary>
public static class ProjectSteps
{
    /// <summary>Fills in and submits the "Create a project" form; returns the page it leads to (the project's, or the form with errors).</summary>
    public static async Task<HtmlPage> CreateProjectAsync(this HtmlClient client, string name, IReadOnlyDictionary<string, string>? fields = null)
    {
        var form = await client.GetAsync("/projects/new");
        var values = new Dictionary<string, string>(fields ?? new Dictionary<string, string>()) { ["Input.Name"] = name };
        return await client.SubmitAsync(form, "main form.form", values);
    }

    /// <summary>Creates a project and returns its id (from the address of the page the form led to).</summary>
    public static async Task<Guid> NewProjectAsync(this HtmlClient client, string name, IReadOnlyDictionary<string, string>? fields = null)
    {
        var page = await client.CreateProjectAsync(name, fields);
        return page.ProjectId();
    }

    /// <summary>The project a project page shows, from its address.</summary>
    public static Guid ProjectId(this HtmlPage page) =>
        page.Url.AbsolutePath.StartsWith("/projects/", StringComparison.Ordinal) && Guid.TryParse(page.Url.AbsolutePath["/projects/".Length..], out var id)
            ? id
            : throw new InvalidOperationException($"Not a project page: {page.Url} ({(int)page.Status}) {page.Find("#error-summary")?.TextContent}");

    /// <summary>Submits the edit form of a project with these fields.</summary>
    public static async Task<HtmlPage> EditProjectAsync(this HtmlClient client, Guid projectId, IReadOnlyDictionary<string, string> fields)
    {
        var form = await client.GetAsync($"/projects/{projectId}/edit");
        return await client.SubmitAsync(form, "main form.form", fields);
    }

    /// <summary>Starts a new chat from the project's "New chat in this project" composer, without JavaScript.</summary>
    public static async Task<HtmlPage> StartChatInProjectAsync(this HtmlClient client, Guid projectId, string text)
    {
        var page = await client.GetAsync($"/chat?projectId={projectId}");
        return await client.SubmitAsync(page, "#composer", new Dictionary<string, string> { ["Input.Text"] = text });
    }

    /// <summary>Moves a chat with the form on its page (empty <paramref name="projectId"/>: out of any project).</summary>
    public static async Task<HtmlPage> MoveFromChatPageAsync(this HtmlClient client, Guid conversationId, Guid? projectId)
    {
        var page = await client.GetAsync($"/chat/{conversationId}");
        return await client.SubmitAsync(page, $"form[action='/chat/{conversationId}/move']",
            new Dictionary<string, string> { ["ProjectId"] = projectId?.ToString() ?? "" });
    }

    /// <summary>Presses one of the delete page's buttons: keep the chats, or delete them too.</summary>
    public static async Task<HtmlPage> DeleteProjectAsync(this HtmlClient client, Guid projectId, bool deleteChats)
    {
        var page = await client.GetAsync($"/projects/{projectId}/delete");
        var choice = deleteChats ? "delete" : "keep";
        return await client.SubmitAsync(page, $"main form:has(input[name=Chats][value={choice}])");
    }

    public static Task<Project?> ProjectAsync(this AppFactory app, Guid projectId) =>
        app.WithDbAsync(db => db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == projectId));

    public static Task<Conversation?> ConversationAsync(this AppFactory app, Guid conversationId) =>
        app.WithDbAsync(db => db.Conversations.AsNoTracking().SingleOrDefaultAsync(c => c.Id == conversationId));

    /// <summary>
    /// Adds <paramref name="count"/> chats to the project straight in the database, "Seeded 1" the newest (a minute
    /// apart, the newest a minute ago), each with one question and one reply. Returns their ids, newest first.
    /// </summary>
    public static Task<List<Guid>> SeedChatsAsync(this AppFactory app, Guid projectId, int count) =>
        app.WithDbAsync(async db =>
        {
            var project = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == projectId);
            var now = DateTime.UtcNow;
            var ids = new List<Guid>();
            for (var i = 1; i <= count; i++)
            {
                var at = now.AddMinutes(-i);
                var chat = new Conversation { OwnerId = project.OwnerId, ProjectId = projectId, Title = $"Seeded {i}", CreatedAt = at, UpdatedAt = at };
                var question = new Message { ConversationId = chat.Id, Role = MessageRole.User, Content = $"Question {i}", CreatedAt = at };
                chat.Messages.Add(question);
                chat.Messages.Add(new Message
                {
                    ConversationId = chat.Id,
                    ParentId = question.Id,
                    Role = MessageRole.Assistant,
                    Content = $"Answer {i}",
                    Status = MessageStatus.Complete,
                    CreatedAt = at.AddTicks(10),
                });
                chat.ActiveLeafId = chat.Messages[^1].Id;
                db.Conversations.Add(chat);
                ids.Add(chat.Id);
            }
            await db.SaveChangesAsync();
            return ids;
        });

    /// <summary>The titles of the chats a project page lists, in order.</summary>
    public static List<string> ChatTitles(this HtmlPage page) =>
        [.. page.FindAll("main table tbody th a").Select(a => a.TextContent.Trim())];
}

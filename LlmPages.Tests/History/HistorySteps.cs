using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;

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
}

using LlmPages.Tests.Infrastructure;

namespace LlmPages.Tests.Chat;

/// <summary>Form steps the chat feature tests share: posting with a person's own antiforgery token, and the chat's forms.</summary>
public static class ChatFormSteps
{
    /// <summary>The antiforgery token of any form on the page (it is the person's, valid for any of their posts).</summary>
    public static string Token(this HtmlPage page) =>
        page.Find("input[name=__RequestVerificationToken]")?.GetAttribute("value")
        ?? throw new InvalidOperationException($"No antiforgery token on {page.Url}.");

    /// <summary>A POST with the person's valid token and these fields, as a plain form would send it.</summary>
    public static async Task<HtmlPage> PostWithTokenAsync(this HtmlClient client, string url, IReadOnlyDictionary<string, string>? fields = null)
    {
        var page = await client.GetAsync("/chat");
        var all = new Dictionary<string, string>(fields ?? new Dictionary<string, string>()) { ["__RequestVerificationToken"] = page.Token() };
        return await client.PostAsync(url, all);
    }

    /// <summary>Submits the composer with its "Save settings" button (which posts to <c>?handler=settings</c>).</summary>
    public static async Task<HtmlPage> SaveSettingsAsync(this HtmlClient client, Guid conversationId, IReadOnlyDictionary<string, string> values)
    {
        var page = await client.GetAsync($"/chat/{conversationId}");
        var button = page.Find("#composer button[formaction]")!;
        page.Find("#composer")!.SetAttribute("action", button.GetAttribute("formaction"));
        return await client.SubmitAsync(page, "#composer", values);
    }

    /// <summary>Submits the composer of a chat (or of /chat) with the given fields.</summary>
    public static async Task<HtmlPage> ComposeAsync(this HtmlClient client, string url, IReadOnlyDictionary<string, string> values)
    {
        var page = await client.GetAsync(url);
        return await client.SubmitAsync(page, "#composer", values);
    }
}

using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.ApiKeyPages;

/// <summary>The key pages, done through their real forms.</summary>
public static class ApiKeySteps
{
    /// <summary>Fills in and sends the new-key form; the answer shows the key once (or the errors).</summary>
    public static async Task<HtmlPage> CreateApiKeyAsync(this HtmlClient client, string name, string expiresOn = "")
    {
        var form = await client.GetAsync("/profile/api-keys/new");
        return await client.SubmitAsync(form, "main form.form", new Dictionary<string, string>
        {
            ["Input.Name"] = name,
            ["Input.ExpiresOn"] = expiresOn,
        });
    }

    /// <summary>The full key on the answer page.</summary>
    public static string NewKey(this HtmlPage page) =>
        page.Find("input#new-key")?.GetAttribute("value") ?? throw new InvalidOperationException($"No new key on {page.Url} ({(int)page.Status}).");

    /// <summary>Revokes without JavaScript: the list's button leads to the confirmation page, whose button revokes.</summary>
    public static async Task<HtmlPage> RevokeThroughConfirmationAsync(this HtmlClient client, string listUrl, Guid keyId)
    {
        var list = await client.GetAsync(listUrl);
        var confirm = await client.SubmitAsync(list, $"form[action$='/{keyId}/revoke']");
        return await client.SubmitAsync(confirm, "main form[data-confirm]");
    }

    public static Task<ApiKey> ApiKeyAsync(this AppFactory app, string name) =>
        app.WithDbAsync(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.Name == name));

    public static Task<List<AuditEvent>> AuditRowsAsync(this AppFactory app, string targetId) =>
        app.WithDbAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.TargetId == targetId).OrderBy(e => e.Id).ToListAsync());
}

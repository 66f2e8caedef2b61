using System.Text.Encodings.Web;
using Htmx;

namespace LlmPages.Web;

/// <summary>
/// A refusal that middleware writes before any page runs (too many messages, a body too large), shown where the
/// chat composer shows its own errors. htmx posts the composer into the thread (<c>hx-target="#thread"</c>), so
/// a whole error page would be appended to the conversation; this alert replaces <c>#composer-errors</c> instead,
/// as the page's own validation errors do. Boosted links and forms that replace the page, and plain posts, get the
/// styled status page.
/// </summary>
public static class ComposerAlert
{
    /// <summary>
    /// An htmx request that swaps into part of a page: the chat composer's post (a boosted form, whose target is the
    /// thread: htmx 4 says <c>HX-Request-Type: partial</c>) or its settings.
    /// </summary>
    public static bool Applies(HttpRequest request) =>
        request.IsHtmx() && !Api.OpenAiApi.Applies(request)
        && (!request.Headers.ContainsKey("HX-Boosted") || request.Headers["HX-Request-Type"] == "partial");

    public static Task WriteAsync(HttpContext context, string title, string text, CancellationToken cancellationToken)
    {
        context.Response.Headers["HX-Retarget"] = "#composer-errors";
        context.Response.Headers["HX-Reswap"] = "innerHTML";
        context.Response.ContentType = "text/html; charset=utf-8";
        var html = HtmlEncoder.Default;
        return context.Response.WriteAsync(
            $"<div class=\"alert alert--error\" role=\"alert\"><p class=\"alert__title\">{html.Encode(title)}</p>" +
            $"<p>{html.Encode(text)}</p></div>", cancellationToken);
    }
}

using Htmx;
using LlmPages.Chat.Conversations;
using LlmPages.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Pages.Chat;

/// <summary>Where the chat's own actions (regenerate, edit) return to.</summary>
public static class ChatRedirects
{
    /// <summary>
    /// Back to the chat after a turn. Without JavaScript, <c>?follow=1</c> streams the new reply into the page;
    /// htmx (which follows the redirect itself) gets the page with the reply following its event stream instead.
    /// A refused turn says why in a flash message.
    /// </summary>
    public static IActionResult BackToChat(this PageModel page, Guid conversationId, TurnResult result)
    {
        if (result.IsNotFound)
        {
            return new NotFoundResult();
        }
        if (result.Error is { } error)
        {
            page.TempData.FlashError(error);
            return new RedirectResult($"/chat/{conversationId}");
        }
        var anchor = result.ReplyId is { } reply ? $"#m-{reply:N}" : "";
        return new RedirectResult(page.Request.IsHtmx() ? $"/chat/{conversationId}{anchor}" : $"/chat/{conversationId}?follow=1{anchor}");
    }
}

using LlmPages.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace LlmPages.Pages;

/// <summary>
/// The one page for every error status. It has no handler methods on purpose: it renders for whatever method
/// the failed request used (status pages and the exception handler re-execute the original request).
/// It never shows exception details; the reference lets an admin find the log entry.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(IOptions<WebOptions> web) : PageModel
{
    public int Code
    {
        get
        {
            if (RouteData.Values["code"] is string raw && int.TryParse(raw, out var code) && code is >= 400 and <= 599)
            {
                return code;
            }
            return StatusCodes.Status500InternalServerError;
        }
    }

    public string Reference => HttpContext.TraceIdentifier;

    public int? RetryAfterSeconds => HttpContext.Items[RateLimits.RetryAfterItem] as int?;

    /// <summary>Someone opened /error/404 directly: answer with that status too, not 200.</summary>
    public bool ReachedDirectly =>
        HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is null
        && HttpContext.Features.Get<IExceptionHandlerPathFeature>() is null;

    public (string Title, string Explanation) Text => Code switch
    {
        400 => ("The request could not be processed",
            "Something in it was missing or not valid. If you were sending a form, it may have expired: go back, reload the page and try again."),
        401 => ("Please log in", "You need to log in to see this page."),
        403 => ("You do not have access to this page",
            "Your account is signed in but does not have the role this page needs. If you think it should, ask an administrator."),
        404 => ("Page not found",
            "There is nothing at this address. Check it for typing mistakes, or go back to the start page."),
        405 => ("That action is not allowed here", "This address does not accept that kind of request."),
        413 => (RequestSizeLimit.Title, HttpContext.Items[RequestSizeLimit.ExplanationItem] as string ?? RequestSizeLimit.Explanation(web.Value.MaxRequestBodyBytes)),
        429 => ("Too many attempts", "You have tried this too many times in a short while."),
        503 => ("The service is unavailable", "LlmPages cannot serve this request right now. Try again in a minute."),
        _ => ("Something went wrong",
            "The error has been logged. Try again; if it keeps happening, tell your administrator and give them the reference below."),
    };
}

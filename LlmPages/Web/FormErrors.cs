using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Web;

/// <summary>
/// A form sent back with its errors beside its fields and in the summary: answered 422 rather than 200, so a script, a
/// proxy's log or a test tells a refused post from a saved one (htmx swaps it in all the same).
/// </summary>
public static class FormErrors
{
    public static PageResult PageWithErrors(this PageModel page)
    {
        page.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return page.Page();
    }
}

using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LlmPages.Web;

/// <summary>Form errors for htmx, shown where the form wants them rather than where the form's own swap would go.</summary>
public static class HtmxErrors
{
    /// <summary>
    /// The error summary (Pages/Shared/_ValidationSummary), swapped into <paramref name="target"/> (HX-Retarget,
    /// innerHTML) instead of the form's own target: the form and what was typed stay as they are.
    /// </summary>
    public static PartialViewResult ErrorsInto(this PageModel page, string target)
    {
        page.Response.Htmx(h => h.Retarget(target).Reswap("innerHTML"));
        return page.Partial("_ValidationSummary", page.ModelState);
    }
}

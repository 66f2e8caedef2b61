using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace LlmPages.Web;

/// <summary>
/// A whole page answered to an htmx request that swaps into part of a page (a new chat's send: the composer's target
/// is #thread). _DocumentStart and _DocumentEnd then write only the page's title and the inside of &lt;main&gt;,
/// wrapped in an <c>hx-partial</c> that morphs #main into it. A morph keeps the elements that stay (matched by id),
/// so the composer, whose request carries the send's event stream, stays in the page and goes on reading it, and the
/// message box keeps its focus. Everything outside &lt;main&gt; (the header, with the antiforgery token's hx-headers)
/// is left alone: a morph that changed an ancestor's hx- attribute would set up again every htmx element beneath it.
/// </summary>
public static class MainMorph
{
    private const string Key = "LlmPages.MainMorph";

    /// <summary>Answers this page as a morph of #main (see the class comment).</summary>
    public static void AnswerAsMainMorph(this ViewDataDictionary viewData) => viewData[Key] = true;

    public static bool Applies(ViewDataDictionary viewData) => viewData[Key] is true;
}

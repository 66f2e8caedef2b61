using System.Collections.Frozen;
using AngleSharp.Dom;
using Ganss.Xss;

namespace LlmPages.Chat.Rendering;

/// <summary>
/// The second wall behind the Markdown pipeline: whatever reaches the page is re-parsed and kept only if it is
/// something our renderer writes: these tags, these attributes on these tags, these classes, http/https/mailto
/// links. No style, id, data-*, hx-* or on* attribute can survive it, whatever a future extension emits.
/// </summary>
internal sealed class ReplyHtmlSanitizer
{
    public const string LinkRel = "nofollow noopener noreferrer ugc";

    /// <summary>Tag → the attributes it may carry. Tags not listed here are removed with their content.</summary>
    private static readonly FrozenDictionary<string, FrozenSet<string>> AttributesByTag = new Dictionary<string, string[]>
    {
        ["p"] = [],
        ["br"] = [],
        ["hr"] = [],
        ["strong"] = [],
        ["em"] = [],
        ["del"] = [],
        ["code"] = ["class"],
        ["pre"] = ["tabindex"],
        ["span"] = ["class"],
        ["blockquote"] = [],
        ["ul"] = ["class"],
        ["ol"] = ["start"],
        ["li"] = ["class"],
        ["a"] = ["href", "rel"],
        ["h3"] = [],
        ["h4"] = [],
        ["h5"] = [],
        ["h6"] = [],
        ["div"] = ["class", "tabindex", "role", "aria-label"],
        ["table"] = ["class"],
        ["thead"] = [],
        ["tbody"] = [],
        ["tr"] = [],
        ["th"] = ["class"],
        ["td"] = ["class"],
        ["input"] = ["type", "disabled", "checked"],
    }.ToFrozenDictionary(e => e.Key, e => e.Value.ToFrozenSet(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);

    private static readonly string[] FixedClasses =
        ["table-wrap", "table", "align-left", "align-center", "align-right", "contains-task-list", "task-list-item"];

    private readonly HtmlSanitizer sanitizer;

    public ReplyHtmlSanitizer()
    {
        var options = HtmlSanitizerOptions.Empty();
        options.AllowedTags = AttributesByTag.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        options.AllowedAttributes = AttributesByTag.Values.SelectMany(a => a).ToHashSet(StringComparer.OrdinalIgnoreCase);
        // Never empty: an empty class set means "every class" to HtmlSanitizer.
        options.AllowedClasses = FixedClasses.Concat(CodeLanguages.ClassNames).Concat(CodeHighlighter.ClassNames).ToHashSet(StringComparer.Ordinal);
        options.AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase);
        options.UriAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase);

        // Configured once, then only Sanitize() is called: that is the library's documented thread-safe use.
        sanitizer = new HtmlSanitizer(options);
        sanitizer.FilterUrl += (_, e) =>
        {
            // HtmlSanitizer keeps relative URLs; we keep only absolute ones with an allowed scheme.
            if (!SafeUrl.IsAllowed(e.SanitizedUrl))
            {
                e.SanitizedUrl = null;
            }
        };
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement element)
            {
                Enforce(element);
            }
        };
    }

    public string Sanitize(string html) => sanitizer.Sanitize(html);

    /// <summary>Per-tag attribute rules (HtmlSanitizer's own list is global), plus what every link must say.</summary>
    private static void Enforce(IElement element)
    {
        if (!AttributesByTag.TryGetValue(element.LocalName, out var allowed))
        {
            return;
        }
        foreach (var attribute in element.Attributes.ToList())
        {
            if (!allowed.Contains(attribute.Name))
            {
                element.RemoveAttribute(attribute.Name);
            }
        }

        switch (element.LocalName)
        {
            case "a":
                // Model output is user-generated content: no ranking credit, no window.opener, no referrer.
                element.SetAttribute("rel", LinkRel);
                break;
            case "input":
                // Only read-only task-list boxes.
                element.SetAttribute("type", "checkbox");
                element.SetAttribute("disabled", "disabled");
                break;
        }
    }
}

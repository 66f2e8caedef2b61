using System.Text;
using Markdig.Syntax.Inlines;

namespace LlmPages.Chat.Rendering;

/// <summary>The text a reader sees in an inline container: an image's alt text, say.</summary>
internal static class InlineText
{
    public static string Of(ContainerInline container)
    {
        var text = new StringBuilder();
        Append(container, text);
        return text.ToString();
    }

    private static void Append(ContainerInline container, StringBuilder text)
    {
        // Walks forward from FirstChild, as Markdig's own renderer does. Depth is bounded by the pipeline's
        // nesting limit.
        for (var inline = container.FirstChild; inline is not null; inline = inline.NextSibling)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
                case HtmlEntityInline entity:
                    text.Append(entity.Transcoded.AsSpan());
                    break;
                case AutolinkInline autolink:
                    text.Append(autolink.Url);
                    break;
                case LineBreakInline:
                    text.Append(' ');
                    break;
                case ContainerInline inner:
                    Append(inner, text);
                    break;
            }
        }
    }
}

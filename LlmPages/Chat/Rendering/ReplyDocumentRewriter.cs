using Markdig.Extensions.Tables;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace LlmPages.Chat.Rendering;

/// <summary>
/// Adjusts a parsed reply before it is rendered: headings below the page's own, and tables aligned with
/// classes rather than style attributes (the CSP forbids those). Only blocks are touched: links are handled
/// where they are written (<see cref="SafeLinkRenderer"/>).
/// </summary>
internal static class ReplyDocumentRewriter
{
    /// <summary>A reply's "# Title" becomes an h3: the page owns h1 and h2.</summary>
    public const int HeadingDemotion = 2;

    public static void Rewrite(MarkdownDocument document)
    {
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            heading.Level = Math.Min(heading.Level + HeadingDemotion, 6);
        }

        foreach (var table in document.Descendants<Table>())
        {
            AlignWithClasses(table);
        }
    }

    private static void AlignWithClasses(Table table)
    {
        table.GetAttributes().AddClass("table");
        var columns = table.ColumnDefinitions;
        if (columns.Count == 0)
        {
            return;
        }

        foreach (var row in table.OfType<TableRow>())
        {
            for (var i = 0; i < row.Count; i++)
            {
                if (row[i] is not TableCell cell)
                {
                    continue;
                }
                var column = cell.ColumnIndex >= 0 && cell.ColumnIndex < columns.Count ? cell.ColumnIndex : Math.Min(i, columns.Count - 1);
                var align = columns[column].Alignment switch
                {
                    TableColumnAlign.Left => "align-left",
                    TableColumnAlign.Center => "align-center",
                    TableColumnAlign.Right => "align-right",
                    _ => null,
                };
                if (align is not null)
                {
                    cell.GetAttributes().AddClass(align);
                }
            }
        }

        // With no alignment left, Markdig's table renderer writes no style attributes.
        foreach (var column in columns)
        {
            column.Alignment = null;
        }
    }
}

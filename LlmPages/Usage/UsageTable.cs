using System.Globalization;
using System.Text;

namespace LlmPages.Usage;

/// <summary>
/// One table of figures, built once and written twice: as HTML (<c>Pages/Admin/_UsageTable.cshtml</c>) and as CSV
/// (<see cref="ToCsv"/>), so the download holds exactly what the table shows. A cell's CSV text is its HTML text without
/// the thousands separators of counts (<see cref="Cell.Count"/>), so spreadsheets read numbers.
/// </summary>
/// <param name="Id">The table caption's id (and the CSV's <c>table</c> parameter).</param>
public sealed record UsageTable(string Id, string Caption, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<UsageTable.Cell>> Rows)
{
    /// <summary>A cell as shown and as downloaded; <paramref name="Numeric"/> ones are right-aligned.</summary>
    public readonly record struct Cell(string Text, string Csv, bool Numeric)
    {
        public static Cell Label(string text) => new(text, text, false);

        public static Cell Count(long value) => new(value.ToString("N0", CultureInfo.InvariantCulture), value.ToString(CultureInfo.InvariantCulture), true);

        /// <summary>
        /// An estimated cost in the models' price currency: cents from 0.01 up ("1,234.57"), and the few digits that
        /// tell small amounts apart below that ("0.0042"); "—" when unknown. The CSV keeps every digit.
        /// </summary>
        public static Cell Money(decimal? value) => value is { } v
            ? new(Math.Abs(v) >= 0.01m || v == 0 ? v.ToString("#,0.00", CultureInfo.InvariantCulture) : SmallAmount(v), v.ToString(CultureInfo.InvariantCulture), true)
            : Same("\u2014");

        /// <summary>An amount under a cent, with two significant digits (at most eight decimals).</summary>
        private static string SmallAmount(decimal value)
        {
            var decimals = Math.Min(8, 1 - (int)Math.Floor(Math.Log10((double)Math.Abs(value))));
            return Math.Round(value, decimals).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);
        }

        /// <summary>A share as a percentage with one decimal ("2.5"); "—" when there is nothing to divide.</summary>
        public static Cell Percent(double? share) => Same(share is { } s ? (s * 100).ToString("0.0", CultureInfo.InvariantCulture) : "\u2014");

        /// <summary>A measurement with one decimal ("412.5"); "—" when there is none.</summary>
        public static Cell Decimal(double? value) => Same(value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "\u2014");

        private static Cell Same(string text) => new(text, text, true);
    }

    /// <summary>The usage columns after the first (and, for people, the email address).</summary>
    public static readonly string[] UsageColumns =
        ["Requests", "Tokens sent", "Tokens received", "Tokens in all", "Failed", "Error rate (%)", "Estimated cost"];

    public static IReadOnlyList<Cell> UsageCells(UsageTotals t) =>
    [
        Cell.Count(t.Requests), Cell.Count(t.PromptTokens), Cell.Count(t.CompletionTokens), Cell.Count(t.Tokens),
        Cell.Count(t.Failures), Cell.Percent(t.ErrorRate), Cell.Money(t.Cost),
    ];

    /// <summary>
    /// RFC 4180 CSV with a header row. A text cell that a spreadsheet would run as a formula (it begins with = + - @ or a
    /// tab) is written with a leading apostrophe: names come from people.
    /// </summary>
    public string ToCsv()
    {
        var csv = new StringBuilder();
        void Line(IEnumerable<(string Text, bool Numeric)> cells) =>
            csv.Append(string.Join(',', cells.Select(c => Field(c.Text, c.Numeric)))).Append("\r\n");
        Line(Columns.Select(c => (c, false)));
        foreach (var row in Rows)
        {
            Line(row.Select(c => (c.Csv, c.Numeric)));
        }
        return csv.ToString();
    }

    private static string Field(string text, bool numeric)
    {
        if (!numeric && text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}

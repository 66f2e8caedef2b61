using System.Globalization;

namespace LlmPages.Profile;

/// <summary>
/// The geometry of the profile's usage chart: one horizontal bar per model, as long as its share of the busiest
/// model's tokens, with its name and figures above it. Drawn by the server as SVG (<c>Pages/Profile/_UsageChart.cshtml</c>),
/// in a small view box so that its text stays readable on a phone; the same numbers are in the table beside it.
/// </summary>
public sealed class UsageChart(MonthlyUsage.Report report)
{
    public const int Width = 320;
    private const int RowHeight = 44;
    private const int BarHeight = 14;

    public sealed record Bar(string Label, double LabelY, double BarY, double BarWidth);

    public int Height => Math.Max(1, report.Rows.Count) * RowHeight;

    public IReadOnlyList<Bar> Bars
    {
        get
        {
            var most = Math.Max(1, report.Rows.Count == 0 ? 1 : report.Rows.Max(r => r.Tokens));
            return [.. report.Rows.Select((row, i) => new Bar(
                $"{row.Model}: {Number(row.Tokens)} tokens, {Number(row.Requests)} {(row.Requests == 1 ? "request" : "requests")}",
                i * RowHeight + 16,
                i * RowHeight + 22,
                Math.Max(2, Math.Round((double)row.Tokens / most * Width, 1))))];
        }
    }

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Coordinate(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    public const int BarThickness = BarHeight;
}

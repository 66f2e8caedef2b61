using System.Globalization;

namespace LlmPages.Usage;

/// <summary>
/// The geometry of the admin pages' charts, drawn by the server as SVG (<c>Pages/Admin/_DayChart.cshtml</c>,
/// <c>Shared/_BarChart.cshtml</c>, used by the admin pages and the profile): no chart script, a small view box
/// so the text stays readable on a phone, a text alternative, and the same numbers in a table beside each chart.
/// </summary>
public static class UsageCharts
{
    public const int Width = 320;

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Coordinate(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>One column per day, as tall as its share of the busiest day; the first and last days named under them.</summary>
    public sealed class Days(IReadOnlyList<(DateOnly Day, long Value)> values, string unit)
    {
        public const int Height = 140;
        private const int PlotTop = 4;
        private const int PlotBottom = 112;

        public sealed record Column(double X, double Y, double Width, double Height);

        public IReadOnlyList<Column> Columns
        {
            get
            {
                var most = Math.Max(1, values.Count == 0 ? 1 : values.Max(v => v.Value));
                var slot = (double)Width / Math.Max(1, values.Count);
                var gap = slot > 4 ? 1 : 0;
                return [.. values.Select((v, i) =>
                {
                    var height = v.Value == 0 ? 0 : Math.Max(1, Math.Round((double)v.Value / most * (PlotBottom - PlotTop), 1));
                    return new Column(Math.Round(i * slot, 1), PlotBottom - height, Math.Max(0.5, Math.Round(slot - gap, 1)), height);
                })];
            }
        }

        public int LabelY => Height - 8;

        public string FirstLabel => values.Count == 0 ? "" : UsageRange.Text(values[0].Day);

        public string LastLabel => values.Count < 2 ? "" : UsageRange.Text(values[^1].Day);

        /// <summary>The text alternative: the range, the busiest day and the total.</summary>
        public string Description
        {
            get
            {
                if (values.Count == 0 || values.All(v => v.Value == 0))
                {
                    return $"No {unit} on any day of the range.";
                }
                var busiest = values.MaxBy(v => v.Value);
                return $"{Number(values.Sum(v => v.Value))} {unit} from {FirstLabel} to {UsageRange.Text(values[^1].Day)}; " +
                    $"the most on {UsageRange.Text(busiest.Day)}: {Number(busiest.Value)}. Every day's figure is in the table below.";
            }
        }
    }

    /// <summary>
    /// One horizontal bar per item, as long as its share of the largest, with its name and figure above it. A name too
    /// long for the chart's width is shortened there (the SVG would cut it off, figure and all); the text alternative
    /// and the table beside the chart have it whole.
    /// </summary>
    public sealed class Bars(IReadOnlyList<(string Label, long Value)> values, string unit)
    {
        private const int RowHeight = 44;
        public const int Thickness = 14;

        /// <summary>The characters of 13 px text that fit the chart's <see cref="Width"/>, with room for wide ones.</summary>
        public const int MaxLabelLength = 42;

        /// <summary><paramref name="Label"/> is the whole name and figure; <paramref name="Shown"/> what fits the chart.</summary>
        public sealed record Bar(string Label, string Shown, double LabelY, double BarY, double BarWidth);

        public int Height => Math.Max(1, values.Count) * RowHeight;

        public IReadOnlyList<Bar> Items
        {
            get
            {
                var most = Math.Max(1, values.Count == 0 ? 1 : values.Max(v => v.Value));
                return [.. values.Select((v, i) => new Bar(
                    $"{v.Label}: {Number(v.Value)} {unit}",
                    Shorten(v.Label, $": {Number(v.Value)} {unit}"),
                    i * RowHeight + 16,
                    i * RowHeight + 22,
                    Math.Max(2, Math.Round((double)v.Value / most * Width, 1))))];
            }
        }

        public string Description => string.Join("; ", Items.Select(b => b.Label)) + ".";

        private static string Shorten(string name, string figure)
        {
            var room = MaxLabelLength - figure.Length;
            return (name.Length <= room ? name : name[..Math.Max(1, room - 1)].TrimEnd() + "…") + figure;
        }
    }
}

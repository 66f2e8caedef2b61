using System.Globalization;

namespace LlmPages.Bench;

/// <summary>Percentiles of a sample, in milliseconds.</summary>
public static class Stats
{
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    public static string Ms(double value) => value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";

    public static string Kb(double bytes) => (bytes / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " KB";

    /// <summary>CPU time per token, in microseconds, with the tokens it is divided by.</summary>
    public static string MicrosecondsPerToken(double cpuSeconds, int tokens) => tokens == 0 ? "no tokens"
        : (cpuSeconds * 1e6 / tokens).ToString("0.0", CultureInfo.InvariantCulture) + $" µs ({tokens.ToString("N0", CultureInfo.InvariantCulture)} tokens)";

    public static string Mb(double bytes) => (bytes / 1024 / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " MB";
}

namespace LlmPages.Usage;

/// <summary>
/// Percentiles the way PostgreSQL's <c>percentile_cont</c> computes them (linear interpolation between the two nearest
/// ranks), so the figures are the same whatever the engine: SQLite has no percentile function, and one definition in C#
/// keeps both engines exact and alike.
/// </summary>
public static class Percentiles
{
    /// <summary>The <paramref name="fraction"/> (0 to 1) percentile of values sorted in ascending order; null when there are none.</summary>
    public static double? Continuous(IReadOnlyList<int> sorted, double fraction)
    {
        if (sorted.Count == 0)
        {
            return null;
        }
        var rank = fraction * (sorted.Count - 1);
        var lower = (int)Math.Floor(rank);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + (rank - lower) * (sorted[upper] - sorted[lower]);
    }
}

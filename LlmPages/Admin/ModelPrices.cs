using System.Globalization;

namespace LlmPages.Admin;

/// <summary>How prices per million tokens are shown.</summary>
public static class ModelPrices
{
    /// <summary>"0.15", "2.5", or "—" when unknown.</summary>
    public static string Format(decimal? price) =>
        price is { } p ? p.ToString("0.######", CultureInfo.InvariantCulture) : "\u2014";
}
